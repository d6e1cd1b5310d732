/* Size systems from a population: k-means clustering (body-shape groups)
 * and a size-chart designer that places N size centres to accommodate as
 * many people as possible within a tolerance on each key dimension. */
#pragma once
#include <stddef.h>
#include <stdint.h>
#include "at_measurements.h"
#include "at_status.h"

/* ---- k-means (kmeans.c) ---- */
typedef struct {
  int k;
  int max_iterations;
  uint64_t seed;        /* k-means++ draws; same seed, same result */
} AtKMeansDef;
AtKMeansDef at_kmeans_def_default (void);

typedef struct {
  int k, dims;
  size_t n;
  double *centres;      /* k x dims */
  int *assignment;      /* n: the centre of each point */
  size_t *sizes;        /* k: points per centre */
  double inertia;       /* sum of squared distances to the assigned centre */
  int iterations;
} AtKMeans;

/* Clusters n points of dims coordinates (row-major). */
AtStatus at_kmeans_run (const AtKMeansDef *def, const double *points, size_t n, int dims, AtKMeans *out,
                        AtError *err);
void at_kmeans_clear (AtKMeans *km);
/* The index of the centre nearest to point. */
int at_kmeans_nearest (const double *centres, int k, int dims, const double *point);

/* ---- size-chart design (size_chart.c) ---- */
typedef struct {
  int n_sizes;
  double tolerance;     /* half-width of a size on each dimension (cm) */
  double smoothing;     /* kernel shift of the design population (cm) */
} AtSizeChartDef;
AtSizeChartDef at_size_chart_def_default (void); /* 25 sizes, +-2.5 cm, 0.5 cm */

typedef struct {
  int n_sizes, dims;
  double tolerance;
  double *centres;      /* n_sizes x dims, sorted by the first dimension */
} AtSizeChart;

/* Places the size centres to maximise the share of points accommodated. */
AtStatus at_size_chart_design (const AtSizeChartDef *def, const double *points, size_t n, int dims, AtSizeChart *out,
                               AtError *err);
/* The size that accommodates point (|x_d - c_d| <= tolerance on every d),
 * the nearest in max-norm when several do; -1 when none. */
int at_size_chart_fit (const AtSizeChart *chart, const double *point);
/* Share (0-1) of the points that some size accommodates. */
double at_size_chart_accommodation (const AtSizeChart *chart, const double *points, size_t n);
void at_size_chart_clear (AtSizeChart *chart);

/* The key dimensions of the two garment families a size system is designed
 * for: tops (chest, waist girth) and bottoms (waist, hip girth). */
typedef struct {
  const char *name;
  int dims;
  AtMeasureKey keys[2];
} AtSizeChartKind;
extern const AtSizeChartKind at_size_chart_kinds[2];

/* The rows (dims key values each) of the subjects of one sex; the caller
 * frees them. NULL when out of memory. */
double *at_sizing_points (const AtMeasurements *subjects, size_t n, AtSex sex, const AtMeasureKey *keys, int dims,
                          size_t *out_count);

/* ---- body-shape groups (shape_groups.c) ---- */
#define AT_SHAPE_FEATURES 3
typedef struct {
  int id;               /* 0-based within the sex */
  AtSex sex;
  char label[96];       /* e.g. "full hips, defined waist" */
  double share;         /* of the population the groups were fitted on */
  double chest_girth, waist_girth, hip_girth; /* a typical member (cm) */
} AtShapeGroup;

typedef struct AtShapeModel AtShapeModel;

/* Scale-free shape descriptors of a complete measurement set: log ratios
 * chest/hip girth, waist/hip girth, shoulder/hip breadth. */
void at_shape_features (const AtMeasurements *m, double out[AT_SHAPE_FEATURES]);
/* k-means per sex on the standardised descriptors of complete sets. */
AtStatus at_shape_model_fit (const AtMeasurements *subjects, size_t n, int k, uint64_t seed, AtShapeModel **out,
                             AtError *err);
AtStatus at_shape_model_save (const AtShapeModel *model, const char *path, AtError *err);
AtStatus at_shape_model_load (const char *path, AtShapeModel **out, AtError *err);
void at_shape_model_free (AtShapeModel *model);
int at_shape_model_count (const AtShapeModel *model, AtSex sex);
const AtShapeGroup *at_shape_model_group (const AtShapeModel *model, AtSex sex, int id);
/* The group of a measurement set; missing keys are completed first. */
AtStatus at_shape_model_classify (const AtShapeModel *model, const AtMeasurements *m, AtShapeGroup *out,
                                  AtError *err);
/* The same with the shipped groups (data/sizes/shape_groups.json). */
AtStatus at_sizing_shape_group (const AtMeasurements *m, AtShapeGroup *out, AtError *err);
