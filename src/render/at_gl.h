/* Thin GL helpers: shader programs from the GResource with readable
 * compile logs, and an error check that names the stage that failed. */
#pragma once
#include <epoxy/gl.h>
#include <glib.h>

#define AT_RENDER_ERROR (at_render_error_quark ())
GQuark at_render_error_quark (void);

/* Builds a program from /org/atelier/Atelier/shaders/<vert>, <frag>; the
 * line "//@lighting" in a fragment shader is replaced by lighting.glsl. */
GLuint at_gl_program_from_resources (const char *vert, const char *frag, GError **error);
/* Returns false with a message if glGetError reports anything. */
gboolean at_gl_check (const char *stage, GError **error);
