#version 330 core
layout (location = 0) in vec2 a_corner;
uniform mat4 u_view_proj;
uniform mat4 u_light_view_proj;
uniform float u_extent;
out vec3 v_world;
out vec4 v_light_space;
void main ()
{
  v_world = vec3 (a_corner.x * u_extent, 0.0, a_corner.y * u_extent);
  v_light_space = u_light_view_proj * vec4 (v_world, 1.0);
  gl_Position = u_view_proj * vec4 (v_world, 1.0);
}
