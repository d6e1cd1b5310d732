#version 330 core
layout (location = 0) in vec3 a_position;
uniform mat4 u_light_view_proj;
uniform vec3 u_offset;
void main ()
{
  gl_Position = u_light_view_proj * vec4 (a_position + u_offset, 1.0);
}
