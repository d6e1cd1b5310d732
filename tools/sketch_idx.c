/* gzip IDX reader (big-endian header, then unsigned bytes), through zlib. */
#include "sketch_idx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

static AtStatus
read_idx (const char *path, uint32_t magic, uint32_t *count, uint8_t **data, AtError *err)
{
  *data = NULL;
  gzFile f = gzopen (path, "rb");
  if (!f)
    return at_error_set (err, AT_ERR_IO, "%s: cannot open (is the Fashion-MNIST folder right?)", path);
  unsigned char head[16];
  int head_len = magic == 2051 ? 16 : 8;
  AtStatus s = AT_OK;
  if (gzread (f, head, (unsigned) head_len) != head_len)
    s = at_error_set (err, AT_ERR_PARSE, "%s: truncated IDX header", path);
  uint32_t v[4] = { 0 };
  for (int i = 0; s == AT_OK && i < head_len / 4; i++)
    v[i] = (uint32_t) head[4 * i] << 24 | (uint32_t) head[4 * i + 1] << 16 | (uint32_t) head[4 * i + 2] << 8
           | head[4 * i + 3];
  if (s == AT_OK && (v[0] != magic || v[1] > 100000 || (magic == 2051 && (v[2] != 28 || v[3] != 28))))
    s = at_error_set (err, AT_ERR_PARSE, "%s: not a 28x28 IDX file of the expected kind (magic %u)", path, v[0]);
  size_t len = (size_t) v[1] * (magic == 2051 ? 784 : 1);
  if (s == AT_OK && !(*data = malloc (len ? len : 1)))
    s = at_error_set (err, AT_ERR_NOMEM, "%s: out of memory", path);
  if (s == AT_OK && gzread (f, *data, (unsigned) len) != (int) len)
    s = at_error_set (err, AT_ERR_PARSE, "%s: truncated data", path);
  gzclose (f);
  if (s != AT_OK)
    {
      free (*data);
      *data = NULL;
    }
  *count = v[1];
  return s;
}

AtStatus
at_sketch_dataset_load (const char *dir, const char *split, AtSketchDataset *out, AtError *err)
{
  memset (out, 0, sizeof *out);
  char ipath[4096], lpath[4096];
  snprintf (ipath, sizeof ipath, "%s/%s-images-idx3-ubyte.gz", dir, split);
  snprintf (lpath, sizeof lpath, "%s/%s-labels-idx1-ubyte.gz", dir, split);
  uint8_t *images, *labels;
  uint32_t ni, nl;
  AtStatus s = read_idx (ipath, 2051, &ni, &images, err);
  if (s != AT_OK)
    return s;
  s = read_idx (lpath, 2049, &nl, &labels, err);
  if (s != AT_OK)
    {
      free (images);
      return s;
    }
  if (ni != nl)
    {
      free (images);
      free (labels);
      return at_error_set (err, AT_ERR_INVALID, "%s: %u images but %u labels", dir, ni, nl);
    }
  /* Compact in place: the kept images only move towards the front. */
  int kept = 0;
  for (uint32_t i = 0; i < ni; i++)
    {
      int c = at_sketch_class_of_fmnist (labels[i]);
      if (c < 0)
        continue;
      memmove (images + (size_t) kept * 784, images + (size_t) i * 784, 784);
      labels[kept++] = (uint8_t) c;
    }
  out->count = kept;
  out->pixels = images;
  out->labels = labels;
  return AT_OK;
}

void
at_sketch_dataset_free (AtSketchDataset *d)
{
  free (d->pixels);
  free (d->labels);
  memset (d, 0, sizeof *d);
}
