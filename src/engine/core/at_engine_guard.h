/* Forced into every engine translation unit (-include) so that the engine
 * cannot grow a dependency on GTK, GLib or OpenGL: any header that declares
 * one of these names stops the build with "attempt to use poisoned". The
 * engine must stay testable and usable without a display. */
#pragma once
#pragma GCC poison GtkWidget GtkApplication GdkDisplay GdkTexture gtk_init
#pragma GCC poison GObject GObjectClass g_object_new GMainLoop gboolean
#pragma GCC poison GLuint GLenum GLfloat glClear glDrawElements glGetError
#pragma GCC poison EGLDisplay EGLContext eglGetDisplay
