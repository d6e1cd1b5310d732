// Shared lighting: a shadowed key light, a fill from the other side, a rim
// light from behind (three-point studio lighting, as product photography of
// garments does) and a sky/ground hemisphere for ambient. Filmic tone
// mapping keeps highlights on pale fabric from clipping.
uniform vec3 u_eye;
uniform vec3 u_key_dir;      // direction the key light travels, normalised
uniform sampler2DShadow u_shadow_map;
uniform float u_shadow_texel;

const vec3 KEY_COLOR = vec3 (1.00, 0.96, 0.90) * 1.5;
const vec3 FILL_DIR = normalize (vec3 (0.8, -0.35, -0.5));
const vec3 FILL_COLOR = vec3 (0.80, 0.86, 1.00) * 0.55;
const vec3 RIM_DIR = normalize (vec3 (0.1, -0.3, 1.0));
const vec3 RIM_COLOR = vec3 (1.0, 1.0, 1.0) * 1.1;
const vec3 SKY = vec3 (0.62, 0.66, 0.74);
const vec3 GROUND = vec3 (0.32, 0.29, 0.27);

// Vogel-disk PCF: 16 taps give a soft penumbra without visible banding.
float shadow_factor (vec4 light_space, float bias)
{
  vec3 p = light_space.xyz / light_space.w * 0.5 + 0.5;
  if (p.x <= 0.0 || p.x >= 1.0 || p.y <= 0.0 || p.y >= 1.0 || p.z >= 1.0)
    return 1.0;
  float sum = 0.0;
  float radius = 2.5 * u_shadow_texel;
  for (int i = 0; i < 16; i++)
    {
      float r = sqrt ((float (i) + 0.5) / 16.0);
      float theta = float (i) * 2.39996323;
      vec2 offset = vec2 (cos (theta), sin (theta)) * r * radius;
      sum += texture (u_shadow_map, vec3 (p.xy + offset, p.z - bias));
    }
  return sum / 16.0;
}

vec3 tone_map (vec3 c)
{
  // Narkowicz's fit of the ACES filmic curve, then sRGB gamma.
  c = clamp ((c * (2.51 * c + 0.03)) / (c * (2.43 * c + 0.59) + 0.14), 0.0, 1.0);
  return pow (c, vec3 (1.0 / 2.2));
}

vec3 shade (vec3 albedo, vec3 n, vec3 world, float roughness, float shadow, float rim_strength)
{
  vec3 v = normalize (u_eye - world);
  if (dot (n, v) < 0.0)
    n = -n;  // cloth is two-sided
  float shininess = mix (64.0, 4.0, roughness);
  float spec_strength = mix (0.18, 0.015, roughness);

  vec3 l = -u_key_dir;
  float key_diffuse = max (dot (n, l), 0.0);
  float key_spec = pow (max (dot (n, normalize (l + v)), 0.0), shininess) * spec_strength;
  vec3 color = (albedo * key_diffuse + key_spec) * KEY_COLOR * shadow;

  vec3 lf = -FILL_DIR;
  color += albedo * max (dot (n, lf), 0.0) * FILL_COLOR;

  float rim = pow (1.0 - max (dot (n, v), 0.0), 3.0) * max (dot (n, -RIM_DIR), 0.0);
  color += rim_strength * rim * RIM_COLOR * mix (albedo, vec3 (1.0), 0.5);

  float hemi = n.y * 0.5 + 0.5;
  color += albedo * mix (GROUND, SKY, hemi) * 0.35;
  return color;
}
