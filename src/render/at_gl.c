#include "at_gl.h"

#include <gio/gio.h>
#include "atelier-resources.h"

GQuark
at_render_error_quark (void)
{
  return g_quark_from_static_string ("at-render-error");
}

static char *
load_shader_source (const char *name, GError **error)
{
  g_autofree char *path = g_strconcat ("/org/atelier/Atelier/shaders/", name, NULL);
  g_autoptr (GBytes) bytes = g_resource_lookup_data (at_get_resource (), path, 0, error);
  if (!bytes)
    return NULL;
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);
  char *text = g_strndup (data, len);
  if (!strstr (text, "//@lighting"))
    return text;
  g_autofree char *lighting = load_shader_source ("lighting.glsl", error);
  if (!lighting)
    {
      g_free (text);
      return NULL;
    }
  g_auto (GStrv) parts = g_strsplit (text, "//@lighting", 2);
  g_free (text);
  return g_strconcat (parts[0], lighting, parts[1], NULL);
}

static GLuint
compile (GLenum type, const char *name, GError **error)
{
  g_autofree char *source = load_shader_source (name, error);
  if (!source)
    return 0;
  GLuint shader = glCreateShader (type);
  const char *src = source;
  glShaderSource (shader, 1, &src, NULL);
  glCompileShader (shader);
  GLint ok = 0;
  glGetShaderiv (shader, GL_COMPILE_STATUS, &ok);
  if (!ok)
    {
      char log[2048] = "";
      glGetShaderInfoLog (shader, sizeof log, NULL, log);
      g_set_error (error, AT_RENDER_ERROR, 1, "Shader %s failed to compile: %s", name, log);
      glDeleteShader (shader);
      return 0;
    }
  return shader;
}

GLuint
at_gl_program_from_resources (const char *vert, const char *frag, GError **error)
{
  GLuint vs = compile (GL_VERTEX_SHADER, vert, error);
  if (!vs)
    return 0;
  GLuint fs = compile (GL_FRAGMENT_SHADER, frag, error);
  if (!fs)
    {
      glDeleteShader (vs);
      return 0;
    }
  GLuint program = glCreateProgram ();
  glAttachShader (program, vs);
  glAttachShader (program, fs);
  glLinkProgram (program);
  glDeleteShader (vs);
  glDeleteShader (fs);
  GLint ok = 0;
  glGetProgramiv (program, GL_LINK_STATUS, &ok);
  if (!ok)
    {
      char log[2048] = "";
      glGetProgramInfoLog (program, sizeof log, NULL, log);
      g_set_error (error, AT_RENDER_ERROR, 2, "Shaders %s + %s failed to link: %s", vert, frag, log);
      glDeleteProgram (program);
      return 0;
    }
  return program;
}

gboolean
at_gl_check (const char *stage, GError **error)
{
  GLenum code = glGetError ();
  if (code == GL_NO_ERROR)
    return TRUE;
  while (glGetError () != GL_NO_ERROR)
    ;
  g_set_error (error, AT_RENDER_ERROR, 3, "OpenGL error 0x%04x during %s", code, stage);
  return FALSE;
}
