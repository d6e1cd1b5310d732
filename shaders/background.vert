#version 330 core
out vec2 v_ndc;
void main ()
{
  // One triangle covering the screen, no vertex buffer needed.
  vec2 p = vec2 ((gl_VertexID << 1) & 2, gl_VertexID & 2) * 2.0 - 1.0;
  v_ndc = p;
  gl_Position = vec4 (p, 1.0, 1.0);
}
