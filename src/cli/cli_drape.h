/* Shared by the drape command and the drape benchmark. */
#pragma once
#include "at_camera.h"
#include "body/at_body.h"
#include "garment/at_drape.h"

/* A body from a measurement file (.json, completed) or a body mesh (measured
 * as mesh_sex, then rebuilt parametric); errors name the file. */
AtStatus at_cli_drape_body (const char *path, AtSex mesh_sex, AtBody **out, AtError *err);
/* The display colour (linear RGB) of a fabric preset. */
void at_cli_fabric_color (const char *fabric, float rgb[3]);
/* A lit still of the body and the garment, written to png. */
bool at_cli_drape_render (AtDrape *drape, AtViewPreset view, const char *png, AtError *err);
