/* A small named-tensor container for the sketch networks' weights.
 *
 * File format "ATSKETCH" version 1 (all integers and floats little-endian):
 *   offset 0   8 bytes  magic "ATSKETCH"
 *          8   u32      format version (1)
 *         12   u32      tensor count n (1..AT_TENSOR_MAX)
 *         16   n x 64-byte table entries:
 *                char name[40] (NUL-padded), u32 ndim (1..4),
 *                u32 dims[4] (unused dims 1), u32 reserved (0)
 *              the tensors' float32 values, in table order, row-major
 *   end - 4    u32      CRC-32 (IEEE 802.3, as in zlib/PNG) of every byte before it
 * The size must match the table exactly, so truncation, padding and bit rot
 * are all caught before any value is used. */
#pragma once
#include <stddef.h>
#include <stdint.h>
#include "at_status.h"

enum { AT_TENSOR_MAX = 256, AT_TENSOR_NAME_MAX = 40, AT_TENSOR_FILE_VERSION = 1 };

typedef struct {
  char name[AT_TENSOR_NAME_MAX];
  int ndim;
  int dims[4];
  size_t count;
  float *data; /* owned */
} AtTensor;

typedef struct {
  AtTensor *tensors;
  int count;
} AtTensorSet;

/* CRC-32 of len bytes continuing from crc (start with 0). */
uint32_t at_crc32 (uint32_t crc, const void *data, size_t len);

AtStatus at_tensor_set_load (const char *path, AtTensorSet *out, AtError *err);
AtStatus at_tensor_set_save (const char *path, const AtTensorSet *set, AtError *err);
/* Copies data (may be NULL for zeros) into a new tensor named name. */
AtStatus at_tensor_set_add (AtTensorSet *set, const char *name, int ndim, const int *dims,
                            const float *data, AtError *err);
const AtTensor *at_tensor_set_find (const AtTensorSet *set, const char *name);
/* The tensor named name with exactly the given shape, or NULL with err set
 * (naming file, tensor and the shape found). */
const AtTensor *at_tensor_set_expect (const AtTensorSet *set, const char *file, const char *name,
                                      int ndim, const int *dims, AtError *err);
void at_tensor_set_clear (AtTensorSet *set);
