#version 330 core
in vec3 v_world;
in vec4 v_light_space;
uniform float u_extent;
uniform vec3 u_floor_color;
uniform sampler2D u_contact_map;   // depth of geometry seen from straight above
uniform float u_contact_height;    // height range the contact map covers (m)
uniform float u_contact_extent;    // half size of the contact map footprint (m)
out vec4 frag_color;

//@lighting

// Contact shadow: the top-down depth map tells how far above this floor
// point the nearest geometry is; close geometry darkens the floor. Sampling
// a disc blurs it into the soft pool of a studio floor.
float contact_occlusion ()
{
  // The contact map looks down with screen-up towards -Z.
  vec2 uv = vec2 (0.5 + v_world.x / (2.0 * u_contact_extent), 0.5 - v_world.z / (2.0 * u_contact_extent));
  if (uv.x <= 0.0 || uv.x >= 1.0 || uv.y <= 0.0 || uv.y >= 1.0)
    return 0.0;
  float occlusion = 0.0;
  for (int i = 0; i < 24; i++)
    {
      float r = sqrt ((float (i) + 0.5) / 24.0) * 0.045 / u_contact_extent;
      float theta = float (i) * 2.39996323;
      float depth = texture (u_contact_map, uv + vec2 (cos (theta), sin (theta)) * r).r;
      float height = (1.0 - depth) * u_contact_height;   // depth 1 = nothing above
      occlusion += depth < 1.0 ? 1.0 - smoothstep (0.0, 0.35, height) : 0.0;
    }
  return occlusion / 24.0;
}

void main ()
{
  float shadow = shadow_factor (v_light_space, 0.002);
  vec3 lit = shade (u_floor_color, vec3 (0.0, 1.0, 0.0), v_world, 1.0, mix (0.45, 1.0, shadow), 0.0);
  lit *= 1.0 - 0.55 * contact_occlusion ();
  vec3 color = tone_map (lit);
  // Fade the floor into the background so there is no visible edge.
  float fade = smoothstep (0.2 * u_extent, 0.75 * u_extent, length (v_world.xz));
  frag_color = vec4 (color, 1.0 - fade);
}
