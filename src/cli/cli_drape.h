/* Shared by the drape command and the drape benchmarks. */
#pragma once
#include "at_camera.h"
#include "anthro/at_ansur.h"
#include "body/at_body.h"
#include "garment/at_drape.h"

/* A body from a measurement file (.json, completed) or a body mesh (measured
 * as mesh_sex, then rebuilt parametric); errors name the file. */
AtStatus at_cli_drape_body (const char *path, AtSex mesh_sex, AtBody **out, AtError *err);
/* The display colour (linear RGB) of a fabric preset. */
void at_cli_fabric_color (const char *fabric, float rgb[3]);
/* A lit still of the body and the garment, written to png. */
bool at_cli_drape_render (AtDrape *drape, AtViewPreset view, const char *png, AtError *err);

/* Bodies of the drape benchmarks (bench_drape.c): ANSUR II subjects, or the
 * reference bodies without the data. */
typedef struct {
  int id; /* ANSUR II SubjectId, 0 for a reference body */
  AtMeasurements m;
} AtCliSubject;
/* The ANSUR II table from --data (data, or NULL) or the shared data folder;
 * without either *out stays NULL and, unless quiet, a line says that the
 * reference bodies stand in. */
AtStatus at_cli_drape_ansur (const char *data, bool quiet, AtAnsurTable **out, AtError *err);
/* Up to want subjects of sex at evenly spaced ranks of key into out, or the
 * reference body of that sex without a table. Returns the count, -1 with err
 * set. */
int at_cli_drape_subjects (const AtAnsurTable *table, AtSex sex, AtMeasureKey key, int want, AtCliSubject *out,
                           AtError *err);
