#version 330 core
in vec2 v_ndc;
uniform vec3 u_background_top;
uniform vec3 u_background_bottom;
out vec4 frag_color;
void main ()
{
  float t = smoothstep (-1.0, 1.0, v_ndc.y);
  float vignette = 1.0 - 0.12 * dot (v_ndc * 0.7, v_ndc * 0.7);
  frag_color = vec4 (mix (u_background_bottom, u_background_top, t) * vignette, 1.0);
}
