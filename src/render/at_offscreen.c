#include "at_offscreen.h"
#include "at_gl.h"
#include "at_file.h"

#include <epoxy/egl.h>
#include <string.h>

struct AtOffscreen {
  EGLDisplay display;
  EGLContext context;
  GLuint fbo, color, depth;
  int width, height;
};

static gboolean
egl_fail (GError **error, const char *what)
{
  g_set_error (error, AT_RENDER_ERROR, 10, "Offscreen OpenGL unavailable: %s (EGL error 0x%04x)", what,
               eglGetError ());
  return FALSE;
}

AtOffscreen *
at_offscreen_new (GError **error)
{
  AtOffscreen *off = g_new0 (AtOffscreen, 1);
  /* The EXT entry point: epoxy cannot resolve core eglGetPlatformDisplay
   * before a display exists. */
  if (!epoxy_has_egl_extension (EGL_NO_DISPLAY, "EGL_MESA_platform_surfaceless"))
    {
      g_set_error (error, AT_RENDER_ERROR, 10, "Offscreen OpenGL unavailable: no EGL surfaceless platform");
      g_free (off);
      return NULL;
    }
  off->display = eglGetPlatformDisplayEXT (EGL_PLATFORM_SURFACELESS_MESA, EGL_DEFAULT_DISPLAY, NULL);
  EGLint major, minor;
  if (off->display == EGL_NO_DISPLAY || !eglInitialize (off->display, &major, &minor))
    {
      egl_fail (error, "cannot initialise the display");
      g_free (off);
      return NULL;
    }
  static const EGLint config_attribs[] = {
    EGL_SURFACE_TYPE, EGL_PBUFFER_BIT, EGL_RENDERABLE_TYPE, EGL_OPENGL_BIT,
    EGL_RED_SIZE, 8, EGL_GREEN_SIZE, 8, EGL_BLUE_SIZE, 8, EGL_DEPTH_SIZE, 24, EGL_NONE
  };
  static const EGLint context_attribs[] = {
    EGL_CONTEXT_MAJOR_VERSION, 3, EGL_CONTEXT_MINOR_VERSION, 3,
    EGL_CONTEXT_OPENGL_PROFILE_MASK, EGL_CONTEXT_OPENGL_CORE_PROFILE_BIT, EGL_NONE
  };
  EGLConfig config;
  EGLint count = 0;
  if (!eglBindAPI (EGL_OPENGL_API)
      || !eglChooseConfig (off->display, config_attribs, &config, 1, &count) || count < 1)
    {
      egl_fail (error, "no suitable configuration");
      at_offscreen_free (off);
      return NULL;
    }
  off->context = eglCreateContext (off->display, config, EGL_NO_CONTEXT, context_attribs);
  if (off->context == EGL_NO_CONTEXT
      || !eglMakeCurrent (off->display, EGL_NO_SURFACE, EGL_NO_SURFACE, off->context))
    {
      egl_fail (error, "cannot create a 3.3 core context");
      at_offscreen_free (off);
      return NULL;
    }
  return off;
}

static void
release_target (AtOffscreen *off)
{
  if (off->fbo)
    {
      glDeleteFramebuffers (1, &off->fbo);
      glDeleteRenderbuffers (1, &off->color);
      glDeleteRenderbuffers (1, &off->depth);
    }
  off->fbo = off->color = off->depth = 0;
}

void
at_offscreen_free (AtOffscreen *off)
{
  if (!off)
    return;
  if (off->context != EGL_NO_CONTEXT && off->context)
    {
      release_target (off);
      eglMakeCurrent (off->display, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
      eglDestroyContext (off->display, off->context);
    }
  /* The display stays initialised: EGL displays are per process, and
   * terminating one unloads the driver, which the next offscreen context
   * would load again (and leak checkers could no longer name). */
  g_free (off);
}

static gboolean
ensure_target (AtOffscreen *off, int width, int height, GError **error)
{
  if (off->fbo && off->width == width && off->height == height)
    return TRUE;
  release_target (off);
  glGenFramebuffers (1, &off->fbo);
  glGenRenderbuffers (1, &off->color);
  glGenRenderbuffers (1, &off->depth);
  glBindFramebuffer (GL_FRAMEBUFFER, off->fbo);
  glBindRenderbuffer (GL_RENDERBUFFER, off->color);
  glRenderbufferStorage (GL_RENDERBUFFER, GL_RGBA8, width, height);
  glFramebufferRenderbuffer (GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, off->color);
  glBindRenderbuffer (GL_RENDERBUFFER, off->depth);
  glRenderbufferStorage (GL_RENDERBUFFER, GL_DEPTH_COMPONENT24, width, height);
  glFramebufferRenderbuffer (GL_FRAMEBUFFER, GL_DEPTH_ATTACHMENT, GL_RENDERBUFFER, off->depth);
  if (glCheckFramebufferStatus (GL_FRAMEBUFFER) != GL_FRAMEBUFFER_COMPLETE)
    {
      g_set_error (error, AT_RENDER_ERROR, 11, "Offscreen framebuffer of %dx%d is incomplete", width, height);
      release_target (off);
      return FALSE;
    }
  off->width = width;
  off->height = height;
  return TRUE;
}

cairo_surface_t *
at_offscreen_draw (AtOffscreen *off, AtRenderer *renderer, const AtCamera *camera, int width, int height,
                   GError **error)
{
  if (width <= 0 || height <= 0 || width > 8192 || height > 8192)
    {
      g_set_error (error, AT_RENDER_ERROR, 12, "Image size %dx%d is out of range (1-8192)", width, height);
      return NULL;
    }
  if (!ensure_target (off, width, height, error))
    return NULL;
  glBindFramebuffer (GL_FRAMEBUFFER, off->fbo);
  if (!at_renderer_draw (renderer, camera, width, height, error))
    return NULL;
  cairo_surface_t *image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  int stride = cairo_image_surface_get_stride (image);
  guint8 *rgba = g_malloc ((gsize) width * (gsize) height * 4);
  glBindFramebuffer (GL_READ_FRAMEBUFFER, off->fbo);
  glPixelStorei (GL_PACK_ALIGNMENT, 1);
  glReadPixels (0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, rgba);
  cairo_surface_flush (image);
  guint8 *dst = cairo_image_surface_get_data (image);
  /* GL rows run bottom-up; Cairo wants top-down, premultiplied native-endian ARGB. */
  for (int y = 0; y < height; y++)
    {
      const guint8 *src_row = rgba + (gsize) (height - 1 - y) * (gsize) width * 4;
      guint32 *dst_row = (guint32 *) (dst + (gsize) y * (gsize) stride);
      for (int x = 0; x < width; x++)
        {
          const guint8 *p = src_row + 4 * x;
          dst_row[x] = 0xff000000u | ((guint32) p[0] << 16) | ((guint32) p[1] << 8) | p[2];
        }
    }
  cairo_surface_mark_dirty (image);
  g_free (rgba);
  if (!at_gl_check ("reading back the image", error))
    {
      cairo_surface_destroy (image);
      return NULL;
    }
  return image;
}

static AtStatus
write_png (const char *tmp_path, void *user_data, AtError *err)
{
  cairo_status_t status = cairo_surface_write_to_png (user_data, tmp_path);
  if (status != CAIRO_STATUS_SUCCESS)
    return at_error_set (err, AT_ERR_IO, "%s: %s", tmp_path, cairo_status_to_string (status));
  return AT_OK;
}

gboolean
at_render_write_png (cairo_surface_t *image, const char *path, GError **error)
{
  AtError err = { 0 };
  if (at_file_write_via (path, write_png, image, &err) != AT_OK)
    {
      g_set_error (error, AT_RENDER_ERROR, 13, "%s", err.message);
      return FALSE;
    }
  return TRUE;
}
