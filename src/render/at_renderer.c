#include "at_renderer.h"
#include "at_gl.h"

#include <math.h>
#include <string.h>

#define SHADOW_SIZE 2048
#define CONTACT_SIZE 512
#define MSAA_SAMPLES 4
#define FLOOR_EXTENT 6.0f

typedef struct {
  GLuint vao, vbo[4], ebo;  /* position, normal, uv, colour */
  int index_count, vertex_count;
  AtMaterial material;
  float min[3], max[3];
  float offset_x;
  bool used;
} Slot;

struct AtRenderer {
  GLuint mesh_program, shadow_program, floor_program, background_program;
  GLuint floor_vao, floor_vbo, empty_vao;
  GLuint shadow_fbo, shadow_tex;
  GLuint contact_fbo, contact_tex;
  GLuint msaa_fbo, msaa_color, msaa_depth;
  int msaa_width, msaa_height, samples;
  Slot slots[AT_RENDER_SLOTS];
  bool dark;
  float highlight_y, highlight_half_width;
};

AtMaterial
at_material_default (void)
{
  return (AtMaterial) {
    .base_color = { 0.80f, 0.62f, 0.52f },
    .roughness = 0.6f,
    .use_vertex_color = false,
    .weave = 0.0f,
    .weave_scale = 400.0f,
    .visible = true,
  };
}

static GLuint
depth_texture (int size, bool compare)
{
  GLuint tex;
  glGenTextures (1, &tex);
  glBindTexture (GL_TEXTURE_2D, tex);
  glTexImage2D (GL_TEXTURE_2D, 0, GL_DEPTH_COMPONENT24, size, size, 0, GL_DEPTH_COMPONENT, GL_FLOAT, NULL);
  glTexParameteri (GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
  glTexParameteri (GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
  glTexParameteri (GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri (GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  if (compare)
    {
      glTexParameteri (GL_TEXTURE_2D, GL_TEXTURE_COMPARE_MODE, GL_COMPARE_REF_TO_TEXTURE);
      glTexParameteri (GL_TEXTURE_2D, GL_TEXTURE_COMPARE_FUNC, GL_LEQUAL);
    }
  return tex;
}

static GLuint
depth_only_fbo (GLuint tex)
{
  GLuint fbo;
  glGenFramebuffers (1, &fbo);
  glBindFramebuffer (GL_FRAMEBUFFER, fbo);
  glFramebufferTexture2D (GL_FRAMEBUFFER, GL_DEPTH_ATTACHMENT, GL_TEXTURE_2D, tex, 0);
  glDrawBuffer (GL_NONE);
  glReadBuffer (GL_NONE);
  return fbo;
}

AtRenderer *
at_renderer_new (GError **error)
{
  AtRenderer *r = g_new0 (AtRenderer, 1);
  if (!(r->mesh_program = at_gl_program_from_resources ("mesh.vert", "mesh.frag", error))
      || !(r->shadow_program = at_gl_program_from_resources ("shadow.vert", "shadow.frag", error))
      || !(r->floor_program = at_gl_program_from_resources ("floor.vert", "floor.frag", error))
      || !(r->background_program = at_gl_program_from_resources ("background.vert", "background.frag", error)))
    {
      at_renderer_free (r);
      return NULL;
    }

  GLint previous_fbo = 0;
  glGetIntegerv (GL_DRAW_FRAMEBUFFER_BINDING, &previous_fbo);

  static const float corners[] = { -1, -1, 1, -1, 1, 1, -1, -1, 1, 1, -1, 1 };
  glGenVertexArrays (1, &r->floor_vao);
  glBindVertexArray (r->floor_vao);
  glGenBuffers (1, &r->floor_vbo);
  glBindBuffer (GL_ARRAY_BUFFER, r->floor_vbo);
  glBufferData (GL_ARRAY_BUFFER, sizeof corners, corners, GL_STATIC_DRAW);
  glEnableVertexAttribArray (0);
  glVertexAttribPointer (0, 2, GL_FLOAT, GL_FALSE, 0, NULL);
  glGenVertexArrays (1, &r->empty_vao);
  glBindVertexArray (0);

  r->shadow_tex = depth_texture (SHADOW_SIZE, true);
  r->shadow_fbo = depth_only_fbo (r->shadow_tex);
  r->contact_tex = depth_texture (CONTACT_SIZE, false);
  r->contact_fbo = depth_only_fbo (r->contact_tex);
  GLenum status = glCheckFramebufferStatus (GL_FRAMEBUFFER);
  glBindFramebuffer (GL_FRAMEBUFFER, (GLuint) previous_fbo);
  if (status != GL_FRAMEBUFFER_COMPLETE)
    {
      g_set_error (error, AT_RENDER_ERROR, 4, "Shadow framebuffer incomplete (0x%04x)", status);
      at_renderer_free (r);
      return NULL;
    }
  GLint max_samples = 1;
  glGetIntegerv (GL_MAX_SAMPLES, &max_samples);
  r->samples = MIN (MSAA_SAMPLES, MAX (max_samples, 1));
  if (!at_gl_check ("renderer set-up", error))
    {
      at_renderer_free (r);
      return NULL;
    }
  return r;
}

static void
slot_release (Slot *s)
{
  if (s->vao)
    {
      glDeleteVertexArrays (1, &s->vao);
      glDeleteBuffers (4, s->vbo);
      glDeleteBuffers (1, &s->ebo);
    }
  memset (s, 0, sizeof *s);
}

static void
msaa_release (AtRenderer *r)
{
  if (r->msaa_fbo)
    {
      glDeleteFramebuffers (1, &r->msaa_fbo);
      glDeleteRenderbuffers (1, &r->msaa_color);
      glDeleteRenderbuffers (1, &r->msaa_depth);
    }
  r->msaa_fbo = r->msaa_color = r->msaa_depth = 0;
  r->msaa_width = r->msaa_height = 0;
}

void
at_renderer_free (AtRenderer *r)
{
  if (!r)
    return;
  for (int i = 0; i < AT_RENDER_SLOTS; i++)
    slot_release (&r->slots[i]);
  msaa_release (r);
  GLuint programs[] = { r->mesh_program, r->shadow_program, r->floor_program, r->background_program };
  for (size_t i = 0; i < G_N_ELEMENTS (programs); i++)
    if (programs[i])
      glDeleteProgram (programs[i]);
  if (r->floor_vao)
    {
      glDeleteVertexArrays (1, &r->floor_vao);
      glDeleteVertexArrays (1, &r->empty_vao);
      glDeleteBuffers (1, &r->floor_vbo);
    }
  if (r->shadow_fbo)
    {
      glDeleteFramebuffers (1, &r->shadow_fbo);
      glDeleteFramebuffers (1, &r->contact_fbo);
      glDeleteTextures (1, &r->shadow_tex);
      glDeleteTextures (1, &r->contact_tex);
    }
  g_free (r);
}

static void
upload_attribute (GLuint vbo, GLuint location, int components, const float *data, size_t count, GLenum usage)
{
  glBindBuffer (GL_ARRAY_BUFFER, vbo);
  glBufferData (GL_ARRAY_BUFFER, (GLsizeiptr) (count * (size_t) components * sizeof (float)), data, usage);
  glEnableVertexAttribArray (location);
  glVertexAttribPointer (location, components, GL_FLOAT, GL_FALSE, 0, NULL);
}

static void
upload_vertices (Slot *s, const AtMesh *mesh, GLenum usage)
{
  size_t nv = (size_t) mesh->vertex_count;
  AtMesh *with_normals = NULL;
  const float *normals = mesh->normals;
  if (!normals)
    {
      with_normals = at_mesh_copy (mesh);
      if (with_normals && at_mesh_compute_normals (with_normals))
        normals = with_normals->normals;
    }
  float *zeros = NULL, *ones = NULL;
  if (!normals || !mesh->uvs)
    zeros = g_new0 (float, nv * 3 + 1);
  if (!mesh->colors)
    {
      ones = g_new (float, nv * 3 + 1);
      for (size_t i = 0; i < nv * 3; i++)
        ones[i] = 1.0f;
    }
  glBindVertexArray (s->vao);
  upload_attribute (s->vbo[0], 0, 3, mesh->positions, nv, usage);
  upload_attribute (s->vbo[1], 1, 3, normals ? normals : zeros, nv, usage);
  upload_attribute (s->vbo[2], 2, 2, mesh->uvs ? mesh->uvs : zeros, nv, GL_STATIC_DRAW);
  upload_attribute (s->vbo[3], 3, 3, mesh->colors ? mesh->colors : ones, nv, usage);
  glBindVertexArray (0);
  g_free (zeros);
  g_free (ones);
  at_mesh_free (with_normals);
  at_mesh_bounds (mesh, s->min, s->max);
}

void
at_renderer_set_mesh (AtRenderer *r, int slot, const AtMesh *mesh, const AtMaterial *material)
{
  g_return_if_fail (slot >= 0 && slot < AT_RENDER_SLOTS);
  Slot *s = &r->slots[slot];
  float offset = s->offset_x;
  slot_release (s);
  s->offset_x = offset;
  if (!mesh || mesh->vertex_count == 0 || mesh->triangle_count == 0)
    return;
  glGenVertexArrays (1, &s->vao);
  glGenBuffers (4, s->vbo);
  glGenBuffers (1, &s->ebo);
  upload_vertices (s, mesh, GL_DYNAMIC_DRAW);
  glBindVertexArray (s->vao);
  glBindBuffer (GL_ELEMENT_ARRAY_BUFFER, s->ebo);
  glBufferData (GL_ELEMENT_ARRAY_BUFFER, (GLsizeiptr) ((size_t) mesh->triangle_count * 3 * sizeof (uint32_t)),
                mesh->indices, GL_STATIC_DRAW);
  glBindVertexArray (0);
  s->index_count = mesh->triangle_count * 3;
  s->vertex_count = mesh->vertex_count;
  s->material = material ? *material : at_material_default ();
  s->used = true;
}

void
at_renderer_set_material (AtRenderer *r, int slot, const AtMaterial *material)
{
  g_return_if_fail (slot >= 0 && slot < AT_RENDER_SLOTS);
  r->slots[slot].material = *material;
}

void
at_renderer_set_offset (AtRenderer *r, int slot, float dx)
{
  g_return_if_fail (slot >= 0 && slot < AT_RENDER_SLOTS);
  r->slots[slot].offset_x = dx;
}

void
at_renderer_set_highlight (AtRenderer *r, float y, float half_width)
{
  r->highlight_y = y;
  r->highlight_half_width = half_width;
}

void
at_renderer_set_dark (AtRenderer *r, bool dark)
{
  r->dark = dark;
}

bool
at_renderer_scene_bounds (AtRenderer *r, float min[3], float max[3])
{
  bool any = false;
  for (int k = 0; k < 3; k++)
    min[k] = INFINITY, max[k] = -INFINITY;
  for (int i = 0; i < AT_RENDER_SLOTS; i++)
    {
      const Slot *s = &r->slots[i];
      if (!s->used || !s->material.visible)
        continue;
      any = true;
      for (int k = 0; k < 3; k++)
        {
          float shift = k == 0 ? s->offset_x : 0.0f;
          min[k] = fminf (min[k], s->min[k] + shift);
          max[k] = fmaxf (max[k], s->max[k] + shift);
        }
    }
  return any;
}

static bool
ensure_msaa (AtRenderer *r, int width, int height, GError **error)
{
  if (r->msaa_fbo && r->msaa_width == width && r->msaa_height == height)
    return true;
  msaa_release (r);
  glGenFramebuffers (1, &r->msaa_fbo);
  glGenRenderbuffers (1, &r->msaa_color);
  glGenRenderbuffers (1, &r->msaa_depth);
  glBindFramebuffer (GL_FRAMEBUFFER, r->msaa_fbo);
  glBindRenderbuffer (GL_RENDERBUFFER, r->msaa_color);
  glRenderbufferStorageMultisample (GL_RENDERBUFFER, r->samples, GL_RGBA8, width, height);
  glFramebufferRenderbuffer (GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, r->msaa_color);
  glBindRenderbuffer (GL_RENDERBUFFER, r->msaa_depth);
  glRenderbufferStorageMultisample (GL_RENDERBUFFER, r->samples, GL_DEPTH_COMPONENT24, width, height);
  glFramebufferRenderbuffer (GL_FRAMEBUFFER, GL_DEPTH_ATTACHMENT, GL_RENDERBUFFER, r->msaa_depth);
  GLenum status = glCheckFramebufferStatus (GL_FRAMEBUFFER);
  if (status != GL_FRAMEBUFFER_COMPLETE)
    {
      g_set_error (error, AT_RENDER_ERROR, 5, "Multisample framebuffer incomplete (0x%04x)", status);
      msaa_release (r);
      return false;
    }
  r->msaa_width = width;
  r->msaa_height = height;
  return true;
}

static void
draw_slots_depth (AtRenderer *r, const mat4 view_proj)
{
  glUseProgram (r->shadow_program);
  glUniformMatrix4fv (glGetUniformLocation (r->shadow_program, "u_light_view_proj"), 1, GL_FALSE, (const float *) view_proj);
  GLint offset = glGetUniformLocation (r->shadow_program, "u_offset");
  for (int i = 0; i < AT_RENDER_SLOTS; i++)
    {
      const Slot *s = &r->slots[i];
      if (!s->used || !s->material.visible)
        continue;
      glUniform3f (offset, s->offset_x, 0.0f, 0.0f);
      glBindVertexArray (s->vao);
      glDrawElements (GL_TRIANGLES, s->index_count, GL_UNSIGNED_INT, NULL);
    }
}

/* The key light's orthographic frustum is fitted to the scene so the
 * shadow map's texels are spent where the figure is. */
static void
light_view_proj (const float min[3], const float max[3], const vec3 key_dir, mat4 out)
{
  vec3 centre = { 0.5f * (min[0] + max[0]), 0.5f * (min[1] + max[1]), 0.5f * (min[2] + max[2]) };
  float radius = 0.5f * sqrtf ((max[0] - min[0]) * (max[0] - min[0]) + (max[1] - min[1]) * (max[1] - min[1])
                               + (max[2] - min[2]) * (max[2] - min[2])) + 0.6f;
  vec3 eye, up = { 0.0f, 1.0f, 0.0f };
  glm_vec3_copy (centre, eye);
  glm_vec3_muladds ((float *) key_dir, -2.0f * radius, eye);
  mat4 view, proj;
  glm_lookat (eye, centre, up, view);
  glm_ortho (-radius, radius, -radius, radius, 0.01f, 4.0f * radius, proj);
  glm_mat4_mul (proj, view, out);
}

bool
at_renderer_draw (AtRenderer *r, const AtCamera *camera, int width, int height, GError **error)
{
  if (width <= 0 || height <= 0)
    return true;
  GLint target_fbo = 0;
  glGetIntegerv (GL_DRAW_FRAMEBUFFER_BINDING, &target_fbo);
  if (!ensure_msaa (r, width, height, error))
    return false;

  float min[3], max[3];
  if (!at_renderer_scene_bounds (r, min, max))
    {
      min[0] = min[1] = min[2] = -0.5f;
      max[0] = max[1] = max[2] = 0.5f;
    }
  min[1] = fminf (min[1], 0.0f);
  vec3 key_dir = { 0.42f, -0.78f, -0.46f };
  glm_vec3_normalize (key_dir);
  mat4 light_vp;
  light_view_proj (min, max, key_dir, light_vp);

  glEnable (GL_DEPTH_TEST);
  glDisable (GL_BLEND);
  glDisable (GL_CULL_FACE);

  /* Shadow map, then the top-down contact map of the geometry near the floor. */
  glBindFramebuffer (GL_FRAMEBUFFER, r->shadow_fbo);
  glViewport (0, 0, SHADOW_SIZE, SHADOW_SIZE);
  glClear (GL_DEPTH_BUFFER_BIT);
  glEnable (GL_POLYGON_OFFSET_FILL);
  glPolygonOffset (1.5f, 2.0f);
  draw_slots_depth (r, light_vp);
  glDisable (GL_POLYGON_OFFSET_FILL);

  float contact_extent = fmaxf (fmaxf (fabsf (min[0]), fabsf (max[0])), fmaxf (fabsf (min[2]), fabsf (max[2]))) + 0.3f;
  float contact_height = 0.6f;
  mat4 contact_vp, top_view, top_proj;
  glm_lookat ((vec3) { 0.0f, contact_height, 0.0f }, (vec3) { 0.0f, 0.0f, 0.0f }, (vec3) { 0.0f, 0.0f, -1.0f }, top_view);
  glm_ortho (-contact_extent, contact_extent, -contact_extent, contact_extent, 0.0f, contact_height, top_proj);
  glm_mat4_mul (top_proj, top_view, contact_vp);
  glBindFramebuffer (GL_FRAMEBUFFER, r->contact_fbo);
  glViewport (0, 0, CONTACT_SIZE, CONTACT_SIZE);
  glClear (GL_DEPTH_BUFFER_BIT);
  draw_slots_depth (r, contact_vp);

  /* Main pass into the multisampled buffer. */
  glBindFramebuffer (GL_FRAMEBUFFER, r->msaa_fbo);
  glViewport (0, 0, width, height);
  glClearColor (0.0f, 0.0f, 0.0f, 1.0f);
  glClear (GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT);

  vec3 top = { 0.93f, 0.93f, 0.95f }, bottom = { 0.78f, 0.77f, 0.76f }, floor_color = { 0.40f, 0.39f, 0.38f };
  if (r->dark)
    {
      glm_vec3_copy ((vec3) { 0.20f, 0.21f, 0.24f }, top);
      glm_vec3_copy ((vec3) { 0.11f, 0.11f, 0.12f }, bottom);
      glm_vec3_copy ((vec3) { 0.16f, 0.16f, 0.17f }, floor_color);
    }
  glDisable (GL_DEPTH_TEST);
  glUseProgram (r->background_program);
  glUniform3fv (glGetUniformLocation (r->background_program, "u_background_top"), 1, top);
  glUniform3fv (glGetUniformLocation (r->background_program, "u_background_bottom"), 1, bottom);
  glBindVertexArray (r->empty_vao);
  glDrawArrays (GL_TRIANGLES, 0, 3);
  glEnable (GL_DEPTH_TEST);

  mat4 view_proj;
  at_camera_view_proj (camera, (float) width / (float) height, view_proj);
  vec3 eye;
  at_camera_eye (camera, eye);

  GLuint programs[] = { r->floor_program, r->mesh_program };
  for (size_t i = 0; i < G_N_ELEMENTS (programs); i++)
    {
      GLuint p = programs[i];
      glUseProgram (p);
      glUniformMatrix4fv (glGetUniformLocation (p, "u_view_proj"), 1, GL_FALSE, (float *) view_proj);
      glUniformMatrix4fv (glGetUniformLocation (p, "u_light_view_proj"), 1, GL_FALSE, (float *) light_vp);
      glUniform3fv (glGetUniformLocation (p, "u_eye"), 1, eye);
      glUniform3fv (glGetUniformLocation (p, "u_key_dir"), 1, key_dir);
      glUniform1f (glGetUniformLocation (p, "u_shadow_texel"), 1.0f / SHADOW_SIZE);
      glUniform1i (glGetUniformLocation (p, "u_shadow_map"), 0);
    }
  glActiveTexture (GL_TEXTURE0);
  glBindTexture (GL_TEXTURE_2D, r->shadow_tex);
  glActiveTexture (GL_TEXTURE1);
  glBindTexture (GL_TEXTURE_2D, r->contact_tex);
  glActiveTexture (GL_TEXTURE0);

  glUseProgram (r->floor_program);
  glUniform1f (glGetUniformLocation (r->floor_program, "u_extent"), FLOOR_EXTENT);
  glUniform3fv (glGetUniformLocation (r->floor_program, "u_floor_color"), 1, floor_color);
  glUniform1i (glGetUniformLocation (r->floor_program, "u_contact_map"), 1);
  glUniform1f (glGetUniformLocation (r->floor_program, "u_contact_height"), contact_height);
  glUniform1f (glGetUniformLocation (r->floor_program, "u_contact_extent"), contact_extent);
  /* The floor fades out through alpha into the background gradient, so it
   * has no visible edge. Destination alpha stays 1: GTK composites the
   * view's texture as premultiplied, and a translucent pixel would let the
   * window behind show through. */
  glEnable (GL_BLEND);
  glBlendFuncSeparate (GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ZERO, GL_ONE);
  glDepthMask (GL_FALSE);
  glBindVertexArray (r->floor_vao);
  glDrawArrays (GL_TRIANGLES, 0, 6);
  glDepthMask (GL_TRUE);
  glDisable (GL_BLEND);

  GLuint mp = r->mesh_program;
  glUseProgram (mp);
  glUniform4f (glGetUniformLocation (mp, "u_highlight"), 0.0f, r->highlight_y, 0.0f, r->highlight_half_width);
  for (int i = 0; i < AT_RENDER_SLOTS; i++)
    {
      const Slot *s = &r->slots[i];
      if (!s->used || !s->material.visible)
        continue;
      glUniform3f (glGetUniformLocation (mp, "u_offset"), s->offset_x, 0.0f, 0.0f);
      glUniform3fv (glGetUniformLocation (mp, "u_base_color"), 1, s->material.base_color);
      glUniform1f (glGetUniformLocation (mp, "u_roughness"), s->material.roughness);
      glUniform1i (glGetUniformLocation (mp, "u_use_vertex_color"), s->material.use_vertex_color);
      glUniform1f (glGetUniformLocation (mp, "u_weave"), s->material.weave);
      glUniform1f (glGetUniformLocation (mp, "u_weave_scale"), s->material.weave_scale);
      glBindVertexArray (s->vao);
      glDrawElements (GL_TRIANGLES, s->index_count, GL_UNSIGNED_INT, NULL);
    }
  glBindVertexArray (0);

  glBindFramebuffer (GL_READ_FRAMEBUFFER, r->msaa_fbo);
  glBindFramebuffer (GL_DRAW_FRAMEBUFFER, (GLuint) target_fbo);
  glBlitFramebuffer (0, 0, width, height, 0, 0, width, height, GL_COLOR_BUFFER_BIT, GL_NEAREST);
  glBindFramebuffer (GL_FRAMEBUFFER, (GLuint) target_fbo);
  return at_gl_check ("drawing the scene", error);
}
