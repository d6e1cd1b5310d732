/* Orbit camera for the 3D view: turntable rotation about a target (yaw
 * around Y, pitch clamped short of the poles so "up" never flips), pan in
 * the view plane, dolly zoom. Pure math on cglm so it is unit tested
 * without a GL context. */
#pragma once
#include <cglm/cglm.h>

typedef struct {
  vec3 target;
  float yaw;      /* radians; 0 looks at the body's front (from +Z) */
  float pitch;    /* radians; positive looks down */
  float distance; /* metres from target */
  float fov_y;    /* radians */
} AtCamera;

typedef enum {
  AT_VIEW_FRONT,
  AT_VIEW_SIDE,
  AT_VIEW_BACK,
  AT_VIEW_THREE_QUARTER,
} AtViewPreset;

/* A camera framing a standing figure of the given bounds. */
void at_camera_frame (AtCamera *cam, const vec3 min, const vec3 max, AtViewPreset preset);
void at_camera_orbit (AtCamera *cam, float d_yaw, float d_pitch);
/* Pans by a fraction of the visible height (dx right, dy up). */
void at_camera_pan (AtCamera *cam, float dx, float dy);
/* factor > 1 moves closer. */
void at_camera_zoom (AtCamera *cam, float factor);
void at_camera_eye (const AtCamera *cam, vec3 eye);
void at_camera_view_proj (const AtCamera *cam, float aspect, mat4 out);
