#include "at_camera.h"

#include <math.h>

#define PITCH_LIMIT 1.45f
#define MIN_DISTANCE 0.25f
#define MAX_DISTANCE 25.0f

void
at_camera_frame (AtCamera *cam, const vec3 min, const vec3 max, AtViewPreset preset)
{
  cam->fov_y = glm_rad (30.0f);
  cam->target[0] = 0.5f * (min[0] + max[0]);
  cam->target[1] = 0.5f * (min[1] + max[1]);
  cam->target[2] = 0.5f * (min[2] + max[2]);
  float height = fmaxf (max[1] - min[1], 0.2f);
  float width = fmaxf (max[0] - min[0], max[2] - min[2]);
  float extent = fmaxf (height, width) * 1.12f;
  cam->distance = fminf (fmaxf (0.5f * extent / tanf (0.5f * cam->fov_y), MIN_DISTANCE), MAX_DISTANCE);
  cam->pitch = glm_rad (6.0f);
  switch (preset)
    {
    case AT_VIEW_FRONT: cam->yaw = 0.0f; break;
    case AT_VIEW_SIDE: cam->yaw = glm_rad (90.0f); break;
    case AT_VIEW_BACK: cam->yaw = glm_rad (180.0f); break;
    case AT_VIEW_THREE_QUARTER: cam->yaw = glm_rad (-30.0f); cam->pitch = glm_rad (10.0f); break;
    }
}

void
at_camera_orbit (AtCamera *cam, float d_yaw, float d_pitch)
{
  cam->yaw = remainderf (cam->yaw + d_yaw, 2.0f * (float) M_PI);
  cam->pitch = fminf (fmaxf (cam->pitch + d_pitch, -PITCH_LIMIT), PITCH_LIMIT);
}

static void
camera_basis (const AtCamera *cam, vec3 forward, vec3 right, vec3 up)
{
  forward[0] = -sinf (cam->yaw) * cosf (cam->pitch);
  forward[1] = -sinf (cam->pitch);
  forward[2] = -cosf (cam->yaw) * cosf (cam->pitch);
  vec3 world_up = { 0.0f, 1.0f, 0.0f };
  glm_vec3_cross (forward, world_up, right);
  glm_vec3_normalize (right);
  glm_vec3_cross (right, forward, up);
}

void
at_camera_pan (AtCamera *cam, float dx, float dy)
{
  vec3 forward, right, up;
  camera_basis (cam, forward, right, up);
  float visible = 2.0f * cam->distance * tanf (0.5f * cam->fov_y);
  glm_vec3_muladds (right, -dx * visible, cam->target);
  glm_vec3_muladds (up, -dy * visible, cam->target);
}

void
at_camera_zoom (AtCamera *cam, float factor)
{
  if (factor > 0.0f && isfinite (factor))
    cam->distance = fminf (fmaxf (cam->distance / factor, MIN_DISTANCE), MAX_DISTANCE);
}

void
at_camera_eye (const AtCamera *cam, vec3 eye)
{
  vec3 forward, right, up;
  camera_basis (cam, forward, right, up);
  glm_vec3_copy ((float *) cam->target, eye);
  glm_vec3_muladds (forward, -cam->distance, eye);
}

void
at_camera_view_proj (const AtCamera *cam, float aspect, mat4 out)
{
  vec3 eye, forward, right, up;
  camera_basis (cam, forward, right, up);
  at_camera_eye (cam, eye);
  mat4 view, proj;
  glm_lookat (eye, (float *) cam->target, up, view);
  float near_plane = fmaxf (0.02f, cam->distance * 0.05f);
  glm_perspective (cam->fov_y, aspect > 0.0f ? aspect : 1.0f, near_plane, cam->distance * 4.0f + 10.0f, proj);
  glm_mat4_mul (proj, view, out);
}
