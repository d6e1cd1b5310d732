#!/bin/sh
# The engine must never include GTK, GLib, GDK or OpenGL/EGL headers
# (DESIGN.md). The poison header stops most at compile time; this catches
# includes in files that are not compiled in every configuration.
engine="$1"
found=$(grep -rnE '#\s*include\s*[<"](gtk|gdk|glib|gio|GL|GLES[0-9]*|EGL|epoxy|cairo)[/.]' "$engine" || true)
if [ -n "$found" ]; then
  echo "engine includes forbidden headers:"
  echo "$found"
  exit 1
fi
echo "engine is free of GTK/GLib/GL includes"
