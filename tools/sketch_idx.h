/* Fashion-MNIST loader for the sketch tools and benchmark: reads the gzip
 * IDX files (format in /work/shared/data/fashion-mnist/README.md) and keeps
 * only the six garment classes of the sketch generator. */
#pragma once
#include <stdint.h>
#include "at_status.h"
#include "sketch/at_sketch_net.h"

typedef struct {
  int count;
  uint8_t *pixels; /* count x 784, 0 background .. 255 */
  uint8_t *labels; /* sketch class 0..5 (see at_sketch_fmnist_label) */
} AtSketchDataset;

/* split is "train" or "t10k"; dir holds the four .gz files. */
AtStatus at_sketch_dataset_load (const char *dir, const char *split, AtSketchDataset *out, AtError *err);
void at_sketch_dataset_free (AtSketchDataset *d);
