/* Named-tensor weight files (format described in at_sketch_weights.h).
 * The checksum is the standard reflected CRC-32 (polynomial 0xEDB88320),
 * computed with a 256-entry table built on first use. */
#include "at_sketch_weights.h"
#include "at_file.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char magic[8] = { 'A', 'T', 'S', 'K', 'E', 'T', 'C', 'H' };
enum { HEADER_BYTES = 16, ENTRY_BYTES = 64, MAX_FILE_BYTES = 64 << 20 };

uint32_t
at_crc32 (uint32_t crc, const void *data, size_t len)
{
  static uint32_t table[256];
  static int ready;
  if (!ready)
    {
      for (uint32_t n = 0; n < 256; n++)
        {
          uint32_t c = n;
          for (int k = 0; k < 8; k++)
            c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
          table[n] = c;
        }
      ready = 1;
    }
  const unsigned char *p = data;
  crc = ~crc;
  for (size_t i = 0; i < len; i++)
    crc = table[(crc ^ p[i]) & 0xff] ^ (crc >> 8);
  return ~crc;
}

static uint32_t
get_u32 (const unsigned char *p)
{
  return (uint32_t) p[0] | (uint32_t) p[1] << 8 | (uint32_t) p[2] << 16 | (uint32_t) p[3] << 24;
}

static void
put_u32 (unsigned char *p, uint32_t v)
{
  p[0] = (unsigned char) v;
  p[1] = (unsigned char) (v >> 8);
  p[2] = (unsigned char) (v >> 16);
  p[3] = (unsigned char) (v >> 24);
}

void
at_tensor_set_clear (AtTensorSet *set)
{
  for (int i = 0; i < set->count; i++)
    free (set->tensors[i].data);
  free (set->tensors);
  set->tensors = NULL;
  set->count = 0;
}

const AtTensor *
at_tensor_set_find (const AtTensorSet *set, const char *name)
{
  for (int i = 0; i < set->count; i++)
    if (strcmp (set->tensors[i].name, name) == 0)
      return &set->tensors[i];
  return NULL;
}

const AtTensor *
at_tensor_set_expect (const AtTensorSet *set, const char *file, const char *name, int ndim,
                      const int *dims, AtError *err)
{
  const AtTensor *t = at_tensor_set_find (set, name);
  if (!t)
    {
      at_error_set (err, AT_ERR_CORRUPT, "%s: tensor '%s' is missing", file, name);
      return NULL;
    }
  int same = t->ndim == ndim;
  for (int d = 0; same && d < ndim; d++)
    same = t->dims[d] == dims[d];
  if (!same)
    {
      at_error_set (err, AT_ERR_CORRUPT, "%s: tensor '%s' has shape %dx%dx%dx%d (%d dims), expected %d dims",
                    file, name, t->dims[0], t->dims[1], t->dims[2], t->dims[3], t->ndim, ndim);
      return NULL;
    }
  return t;
}

AtStatus
at_tensor_set_add (AtTensorSet *set, const char *name, int ndim, const int *dims, const float *data,
                   AtError *err)
{
  if (set->count >= AT_TENSOR_MAX)
    return at_error_set (err, AT_ERR_RANGE, "too many tensors (limit %d)", AT_TENSOR_MAX);
  if (strlen (name) >= AT_TENSOR_NAME_MAX || ndim < 1 || ndim > 4)
    return at_error_set (err, AT_ERR_INVALID, "tensor '%s': bad name or rank", name);
  AtTensor t = { .ndim = ndim, .dims = { 1, 1, 1, 1 }, .count = 1 };
  snprintf (t.name, sizeof t.name, "%s", name);
  for (int d = 0; d < ndim; d++)
    {
      if (dims[d] < 1 || dims[d] > (1 << 24))
        return at_error_set (err, AT_ERR_RANGE, "tensor '%s': bad dimension %d", name, dims[d]);
      t.dims[d] = dims[d];
      t.count *= (size_t) dims[d];
    }
  t.data = calloc (t.count, sizeof (float));
  AtTensor *grown = realloc (set->tensors, (size_t) (set->count + 1) * sizeof *grown);
  if (!t.data || !grown)
    {
      free (t.data);
      if (grown)
        set->tensors = grown;
      return at_error_set (err, AT_ERR_NOMEM, "tensor '%s': out of memory", name);
    }
  if (data)
    memcpy (t.data, data, t.count * sizeof (float));
  set->tensors = grown;
  set->tensors[set->count++] = t;
  return AT_OK;
}

AtStatus
at_tensor_set_save (const char *path, const AtTensorSet *set, AtError *err)
{
  size_t values = 0;
  for (int i = 0; i < set->count; i++)
    values += set->tensors[i].count;
  size_t size = HEADER_BYTES + (size_t) set->count * ENTRY_BYTES + values * 4 + 4;
  unsigned char *buf = calloc (1, size);
  if (!buf)
    return at_error_set (err, AT_ERR_NOMEM, "%s: out of memory", path);
  memcpy (buf, magic, sizeof magic);
  put_u32 (buf + 8, AT_TENSOR_FILE_VERSION);
  put_u32 (buf + 12, (uint32_t) set->count);
  unsigned char *p = buf + HEADER_BYTES;
  for (int i = 0; i < set->count; i++, p += ENTRY_BYTES)
    {
      const AtTensor *t = &set->tensors[i];
      memcpy (p, t->name, strlen (t->name));
      put_u32 (p + 40, (uint32_t) t->ndim);
      for (int d = 0; d < 4; d++)
        put_u32 (p + 44 + 4 * d, (uint32_t) t->dims[d]);
    }
  for (int i = 0; i < set->count; i++)
    for (size_t k = 0; k < set->tensors[i].count; k++, p += 4)
      {
        uint32_t bits;
        memcpy (&bits, &set->tensors[i].data[k], 4);
        put_u32 (p, bits);
      }
  put_u32 (p, at_crc32 (0, buf, size - 4));
  AtStatus s = at_file_write_atomic (path, buf, size, err);
  free (buf);
  return s;
}

static AtStatus
parse (const char *path, const unsigned char *buf, size_t len, AtTensorSet *out, AtError *err)
{
  if (len < HEADER_BYTES + 4 || memcmp (buf, magic, sizeof magic) != 0)
    return at_error_set (err, AT_ERR_PARSE, "%s: not an Atelier sketch weights file (bad magic)", path);
  uint32_t version = get_u32 (buf + 8);
  if (version != AT_TENSOR_FILE_VERSION)
    return at_error_set (err, AT_ERR_VERSION, "%s: weights format version %u, this program reads version %d",
                         path, version, AT_TENSOR_FILE_VERSION);
  uint32_t n = get_u32 (buf + 12);
  if (n < 1 || n > AT_TENSOR_MAX || len < HEADER_BYTES + (size_t) n * ENTRY_BYTES + 4)
    return at_error_set (err, AT_ERR_CORRUPT, "%s: bad tensor count %u for a file of %zu bytes", path, n, len);
  if (at_crc32 (0, buf, len - 4) != get_u32 (buf + len - 4))
    return at_error_set (err, AT_ERR_CORRUPT, "%s: checksum mismatch (file damaged or truncated)", path);
  size_t expected = HEADER_BYTES + (size_t) n * ENTRY_BYTES + 4;
  const unsigned char *e = buf + HEADER_BYTES;
  for (uint32_t i = 0; i < n; i++, e += ENTRY_BYTES)
    {
      char name[AT_TENSOR_NAME_MAX];
      memcpy (name, e, sizeof name);
      if (name[sizeof name - 1] != '\0' || name[0] == '\0')
        return at_error_set (err, AT_ERR_CORRUPT, "%s: tensor %u has a bad name", path, i);
      int ndim = (int) get_u32 (e + 40);
      int dims[4];
      for (int d = 0; d < 4; d++)
        dims[d] = (int) get_u32 (e + 44 + 4 * d);
      if (ndim < 1 || ndim > 4)
        return at_error_set (err, AT_ERR_CORRUPT, "%s: tensor '%s' has rank %d", path, name, ndim);
      AtError add_err = { 0 };
      if (at_tensor_set_add (out, name, ndim, dims, NULL, &add_err) != AT_OK)
        return at_error_set (err, add_err.code == AT_ERR_NOMEM ? AT_ERR_NOMEM : AT_ERR_CORRUPT, "%s: %s", path,
                             add_err.message);
      expected += out->tensors[out->count - 1].count * 4;
    }
  if (expected != len)
    return at_error_set (err, AT_ERR_CORRUPT, "%s: size %zu bytes does not match its table (%zu bytes)", path,
                         len, expected);
  const unsigned char *p = buf + HEADER_BYTES + (size_t) n * ENTRY_BYTES;
  for (int i = 0; i < out->count; i++)
    for (size_t k = 0; k < out->tensors[i].count; k++, p += 4)
      {
        uint32_t bits = get_u32 (p);
        float v;
        memcpy (&v, &bits, 4);
        if (!isfinite (v))
          return at_error_set (err, AT_ERR_CORRUPT, "%s: tensor '%s' holds a non-finite value", path,
                               out->tensors[i].name);
        out->tensors[i].data[k] = v;
      }
  return AT_OK;
}

AtStatus
at_tensor_set_load (const char *path, AtTensorSet *out, AtError *err)
{
  out->tensors = NULL;
  out->count = 0;
  char *buf;
  size_t len;
  AtStatus s = at_file_read_all (path, MAX_FILE_BYTES, &buf, &len, err);
  if (s != AT_OK)
    return s;
  s = parse (path, (const unsigned char *) buf, len, out, err);
  free (buf);
  if (s != AT_OK)
    at_tensor_set_clear (out);
  return s;
}
