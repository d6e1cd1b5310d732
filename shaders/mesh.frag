#version 330 core
in vec3 v_world;
in vec3 v_normal;
in vec2 v_uv;
in vec3 v_color;
in vec4 v_light_space;

uniform vec3 u_base_color;
uniform float u_roughness;
uniform int u_use_vertex_color;   // 1: fit-map colours replace the base colour
uniform float u_weave;            // 0: none; > 0: weave/knit texture strength
uniform float u_weave_scale;      // threads per metre of pattern coordinate
uniform vec4 u_highlight;         // xyz: highlighted band centre height, w: half width (0 off)

out vec4 frag_color;

//@lighting

// A subtle procedural weave: two sinusoidal thread families along the
// flat pattern coordinates, so the texture follows the grain line.
float weave (vec2 uv)
{
  vec2 t = uv * u_weave_scale;
  float warp = 0.5 + 0.5 * sin (t.x * 6.2831853);
  float weft = 0.5 + 0.5 * sin (t.y * 6.2831853);
  float over = step (0.5, fract (floor (t.x) * 0.5 + floor (t.y) * 0.5));
  return mix (warp, weft, over);
}

void main ()
{
  vec3 n = normalize (v_normal);
  vec3 albedo = u_use_vertex_color == 1 ? v_color : u_base_color;
  if (u_weave > 0.0)
    albedo *= 1.0 - u_weave * (1.0 - weave (v_uv));
  if (u_highlight.w > 0.0)
    {
      float d = abs (v_world.y - u_highlight.y);
      albedo = mix (albedo, vec3 (0.95, 0.55, 0.15), 0.6 * (1.0 - smoothstep (0.0, u_highlight.w, d)));
    }
  float bias = 0.0015;
  float shadow = shadow_factor (v_light_space, bias);
  frag_color = vec4 (tone_map (shade (albedo, n, v_world, u_roughness, shadow, 1.0)), 1.0);
}
