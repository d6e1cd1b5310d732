#version 330 core
layout (location = 0) in vec3 a_position;
layout (location = 1) in vec3 a_normal;
layout (location = 2) in vec2 a_uv;
layout (location = 3) in vec3 a_color;

uniform mat4 u_view_proj;
uniform mat4 u_light_view_proj;
uniform vec3 u_offset;

out vec3 v_world;
out vec3 v_normal;
out vec2 v_uv;
out vec3 v_color;
out vec4 v_light_space;

void main ()
{
  v_world = a_position + u_offset;
  v_normal = a_normal;
  v_uv = a_uv;
  v_color = a_color;
  v_light_space = u_light_view_proj * vec4 (v_world, 1.0);
  gl_Position = u_view_proj * vec4 (v_world, 1.0);
}
