#include "at_file.h"
#include "at-config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

AtStatus
at_file_read_all (const char *path, size_t max_bytes, char **out_data, size_t *out_len, AtError *err)
{
  *out_data = NULL;
  if (out_len)
    *out_len = 0;
  FILE *f = fopen (path, "rb");
  if (!f)
    return at_error_set (err, AT_ERR_IO, "%s: %s", path, strerror (errno));
  struct stat st;
  if (fstat (fileno (f), &st) != 0 || !S_ISREG (st.st_mode))
    {
      fclose (f);
      return at_error_set (err, AT_ERR_IO, "%s: not a regular file", path);
    }
  if ((size_t) st.st_size > max_bytes)
    {
      fclose (f);
      return at_error_set (err, AT_ERR_RANGE, "%s: file too large (%lld bytes, limit %zu)", path,
                           (long long) st.st_size, max_bytes);
    }
  size_t len = (size_t) st.st_size;
  char *data = malloc (len + 1);
  if (!data)
    {
      fclose (f);
      return at_error_set (err, AT_ERR_NOMEM, "%s: out of memory", path);
    }
  size_t got = fread (data, 1, len, f);
  int failed = ferror (f);
  fclose (f);
  if (failed || got != len)
    {
      free (data);
      return at_error_set (err, AT_ERR_IO, "%s: read error", path);
    }
  data[len] = '\0';
  *out_data = data;
  if (out_len)
    *out_len = len;
  return AT_OK;
}

static AtStatus
make_tmp_path (const char *path, char *tmp, size_t size, AtError *err)
{
  int n = snprintf (tmp, size, "%s.tmp-%ld", path, (long) getpid ());
  if (n < 0 || (size_t) n >= size)
    return at_error_set (err, AT_ERR_RANGE, "%s: path too long", path);
  return AT_OK;
}

static AtStatus
sync_and_rename (const char *tmp, const char *path, AtError *err)
{
  int fd = open (tmp, O_RDONLY);
  if (fd >= 0)
    {
      fsync (fd);
      close (fd);
    }
  if (rename (tmp, path) != 0)
    {
      int saved = errno;
      unlink (tmp);
      return at_error_set (err, AT_ERR_IO, "%s: %s", path, strerror (saved));
    }
  return AT_OK;
}

AtStatus
at_file_write_via (const char *path, AtFileWriter write, void *user_data, AtError *err)
{
  char tmp[4096];
  AtStatus st = make_tmp_path (path, tmp, sizeof tmp, err);
  if (st != AT_OK)
    return st;
  st = write (tmp, user_data, err);
  if (st != AT_OK)
    {
      unlink (tmp);
      return st;
    }
  return sync_and_rename (tmp, path, err);
}

typedef struct {
  const void *data;
  size_t len;
} Buffer;

static AtStatus
write_buffer (const char *tmp, void *user_data, AtError *err)
{
  const Buffer *buf = user_data;
  FILE *f = fopen (tmp, "wb");
  if (!f)
    return at_error_set (err, AT_ERR_IO, "%s: %s", tmp, strerror (errno));
  size_t put = fwrite (buf->data, 1, buf->len, f);
  int failed = fflush (f) != 0 || ferror (f);
  failed |= fclose (f) != 0;
  if (failed || put != buf->len)
    return at_error_set (err, AT_ERR_IO, "%s: write error (disk full?)", tmp);
  return AT_OK;
}

AtStatus
at_file_write_atomic (const char *path, const void *data, size_t len, AtError *err)
{
  Buffer buf = { data, len };
  return at_file_write_via (path, write_buffer, &buf, err);
}

static int
is_dir (const char *path)
{
  struct stat st;
  return path && stat (path, &st) == 0 && S_ISDIR (st.st_mode);
}

const char *
at_data_dir (void)
{
  static char resolved[4096];
  if (resolved[0])
    return resolved;
  const char *env = getenv ("ATELIER_DATADIR");
  const char *choice = AT_INSTALLED_DATADIR;
  if (is_dir (env))
    choice = env;
  else if (is_dir (AT_SOURCE_DATADIR))
    choice = AT_SOURCE_DATADIR;
  snprintf (resolved, sizeof resolved, "%s", choice);
  return resolved;
}

char *
at_data_path (const char *relative, char *buf, size_t size)
{
  snprintf (buf, size, "%s/%s", at_data_dir (), relative);
  return buf;
}

void
at_file_extension (const char *path, char *ext, size_t size)
{
  const char *dot = strrchr (path, '.');
  const char *slash = strrchr (path, '/');
  size_t i = 0;
  if (dot && (!slash || dot > slash))
    for (dot++; *dot && i + 1 < size; dot++)
      ext[i++] = (char) tolower ((unsigned char) *dot);
  if (size)
    ext[i] = '\0';
}
