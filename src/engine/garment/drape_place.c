/* Where each cut panel starts before sewing: CLO's and Marvelous
 * Designer's "arrangement points", the usual initialisation of virtual
 * try-on (Volino & Magnenat-Thalmann, "Virtual Clothing", 2000, ch. 6).
 *
 * A placement names a landmark of the body. Each landmark gives a frame:
 * the body part's axis (the panel's y runs along it), the outward direction
 * at which the panel's anchor sits, and the ellipse of the body part's
 * cross-section there (torso: the widest of the chest, waist and hip
 * sections; arms and legs: circles of the upper-arm and thigh girths;
 * neck, head, wrist likewise). A wrapped panel is bent round that ellipse,
 * grown by the placement's clearance (offset z), with its x equal to arc
 * length along the ellipse: an elliptic cylinder is developable, so the
 * panel starts unstretched. Panel x increases counter-clockwise seen from
 * the axis' tip (x = up x outward), which is the pattern's convention of
 * panels seen from outside; offset x is along the body's left (+X).
 *
 * Arm panels hang from the top of the arm (the shoulder point projected on
 * the arm axis) whatever their length, so long and short sleeves both start
 * at the armhole. A wrapped arm panel (a sleeve, sewn to itself under the
 * arm, or a cuff) is rolled into a tube whose girth at each height is the panel's
 * width there (the cap keeps the girth at its widest row), never tighter
 * than the wrist: its underarm edges then start together under the arm.
 * On a wider cylinder they start apart and the arm lies across the line
 * between them, which the seam can never pull through. Legs are ellipses narrowed across so the two legs' panels
 * never cross the body's midline.
 *
 * A landmark says where a panel goes round the body but not which of a
 * band's ends comes first (a neckband starts at the centre back, a collar
 * stand at the centre front). So a panel sewn to panels placed before it is
 * turned about its axis and slid along it to where its seam vertices lie
 * nearest their partners: a coarse scan of the whole turn and +-8 cm, then
 * a finer one round the best; a tube round an arm is also tried upside
 * down (turned half round its outward axis, so its outside stays out: a
 * cuff is sewn to the sleeve by the edge drawn at its bottom). Torso panels
 * keep their drawn way up, which their placement already gives, and panels
 * narrower than half the body part keep their placed turn too. Finally any vertex closer to the skin than
 * 1 cm (an arm crossing a torso panel in the A-pose) is pushed out along
 * the body field's gradient.
 *
 * Fold lines are folded as CLO folds them when arranging: the part of the
 * panel beyond a fold of 90 degrees or more (the side holding fewer seam
 * vertices: a folded band's free half, a shirt's facing) at least two mesh
 * edges deep (see at_drape_fold_side) is reflected
 * across the fold line in the flat and placed one layer (FOLD_LAYER_M)
 * inside the rest, so a folded cuff or band starts, and hangs, at its
 * finished depth; drape.c sews its free edge back into the seam it folds
 * onto. */
#include "drape_internal.h"
#include "cloth/at_sdf.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define TABLE 720
#define ROWS 300          /* tube girth rows of 1 cm: panels up to 3 m long */
#define ROW_M 0.01f
#define PI_F 3.14159265f
#define FOLD_LAYER_M 0.003f

typedef struct {
  float centre[3];          /* section centre at the landmark's level */
  float up[3], out[3], across[3];
  float ra, rb;             /* semi-axes across and outward (m) */
  float min_r;              /* arms and wrists: narrowest tube radius, else 0 */
  float max_ra;             /* cap on ra + clearance (legs), or 0 */
  bool hang;                /* limbs: the panel's top edge at the axis top */
} Frame;

typedef struct {
  Frame f;
  float a, b;               /* grown semi-axes */
  float len[TABLE + 1];     /* arc length from phi = -pi */
  float total;
  bool wrap;
  bool turned;              /* upside down: turned half round the outward axis */
  float s0, t0;             /* x - anchor.x + s0 is arc length from the outward point */
  float ax, ay;             /* anchor (m) */
  int rows;                 /* > 0: a tube, row_r[k] its radius at flat y = row_y0 + k cm */
  float row_y0;
  float row_r[ROWS];
  int folds;                /* fold lines folded: point, unit normal towards the folded side (m) */
  float fold_p[AT_PANEL_MAX_FOLDS][2], fold_n[AT_PANEL_MAX_FOLDS][2];
} Place;

static void
set3 (float d[3], float x, float y, float z)
{
  d[0] = x, d[1] = y, d[2] = z;
}

static float
dot3 (const float a[3], const float b[3])
{
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

static void
cross3 (const float a[3], const float b[3], float out[3])
{
  float c[3] = { a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0] };
  memcpy (out, c, sizeof c);
}

static void
normalize3 (float v[3])
{
  float l = sqrtf (dot3 (v, v));
  if (l > 0)
    for (int k = 0; k < 3; k++)
      v[k] /= l;
}

/* out: the component of dir perpendicular to up, normalised. */
static void
perpendicular (const float up[3], const float dir[3], float out[3])
{
  float d = dot3 (up, dir);
  for (int k = 0; k < 3; k++)
    out[k] = dir[k] - d * up[k];
  normalize3 (out);
}

static void
torso_section (const AtBodyLevel *const *levels, int n, Frame *f)
{
  f->ra = f->rb = 0;
  for (int i = 0; i < n; i++)
    {
      f->ra = fmaxf (f->ra, 0.5f * (levels[i]->left[0] - levels[i]->right[0]));
      f->rb = fmaxf (f->rb, 0.5f * (levels[i]->front[2] - levels[i]->back[2]));
    }
  const AtBodyLevel *l0 = levels[0];
  set3 (f->centre, 0.5f * (l0->left[0] + l0->right[0]), l0->y, 0.5f * (l0->front[2] + l0->back[2]));
  set3 (f->up, 0, 1, 0);
}

static void
arm_frame (AtBody *body, const AtBodyArm *arm, bool left, const float origin[3], float radius, Frame *f)
{
  for (int k = 0; k < 3; k++)
    f->up[k] = -arm->axis[k];
  /* Outward: up and out of the A-pose, in the frontal plane. */
  float z[3] = { 0, 0, left ? 1.f : -1.f };
  cross3 (z, arm->axis, f->out);
  normalize3 (f->out);
  memcpy (f->centre, origin, sizeof f->centre);
  f->ra = f->rb = radius;
  f->min_r = (float) (at_body_measurements (body)->value[AT_M_WRIST_GIRTH] / (200 * M_PI)) + 0.01f;
}

static bool
landmark_frame (AtBody *body, const char *name, Frame *f)
{
  const AtBodyLandmarks *lm = at_body_landmarks (body);
  const AtMeasurements *m = at_body_measurements (body);
  memset (f, 0, sizeof *f);
  float front[3] = { 0, 0, 1 }, back[3] = { 0, 0, -1 };
  bool left = name[strlen (name) - 1] == 'l';
  const AtBodyArm *arm = left ? &lm->arm_left : &lm->arm_right;
  const AtBodyLeg *leg = left ? &lm->leg_left : &lm->leg_right;
  if (strcmp (name, "front_torso") == 0 || strcmp (name, "back_torso") == 0)
    {
      const AtBodyLevel *lv[] = { &lm->chest, &lm->waist, &lm->hip };
      torso_section (lv, 3, f);
      memcpy (f->out, name[0] == 'f' ? front : back, sizeof f->out);
    }
  else if (strcmp (name, "waist_front") == 0 || strcmp (name, "waist_back") == 0)
    {
      const AtBodyLevel *lv[] = { &lm->waist, &lm->hip };
      torso_section (lv, 2, f);
      memcpy (f->out, name[6] == 'f' ? front : back, sizeof f->out);
    }
  else if (strcmp (name, "neck") == 0 || strcmp (name, "head") == 0)
    {
      const AtBodyLevel *lv[] = { &lm->neck };
      torso_section (lv, 1, f);
      memcpy (f->out, front, sizeof f->out);
      if (name[0] == 'h')
        {
          /* Head breadth and length about 0.087 and 0.113 of stature
           * (ANSUR II means), centred above the neck base. */
          f->centre[1] = lm->neck.y + 0.45f * (lm->stature - lm->neck.y);
          f->ra = 0.5f * 0.087f * lm->stature;
          f->rb = 0.5f * 0.113f * lm->stature;
        }
    }
  else if (strcmp (name, "arm_l") == 0 || strcmp (name, "arm_r") == 0)
    {
      float top[3], rel[3];
      for (int k = 0; k < 3; k++)
        rel[k] = arm->shoulder[k] - arm->elbow[k];
      float t = dot3 (rel, arm->axis);
      for (int k = 0; k < 3; k++)
        top[k] = arm->elbow[k] + t * arm->axis[k];
      arm_frame (body, arm, left, top, (float) (m->value[AT_M_UPPER_ARM_GIRTH] / (200 * M_PI)), f);
      f->hang = true;
    }
  else if (strcmp (name, "wrist_l") == 0 || strcmp (name, "wrist_r") == 0)
    arm_frame (body, arm, left, arm->wrist, (float) (m->value[AT_M_WRIST_GIRTH] / (200 * M_PI)), f);
  else if (strncmp (name, "leg_front_", 10) == 0 || strncmp (name, "leg_back_", 9) == 0)
    {
      for (int k = 0; k < 3; k++)
        f->up[k] = leg->thigh[k] - leg->ankle[k];
      normalize3 (f->up);
      perpendicular (f->up, name[4] == 'f' ? front : back, f->out);
      memcpy (f->centre, leg->knee, sizeof f->centre);
      f->ra = f->rb = (float) (m->value[AT_M_THIGH_GIRTH] / (200 * M_PI));
      f->max_ra = fabsf (leg->thigh[0]) - 0.005f;
    }
  else
    return false;
  cross3 (f->up, f->out, f->across);
  return true;
}

static void
place_init (Place *pl, const Frame *f, float clearance, bool wrap)
{
  pl->f = *f;
  pl->wrap = wrap;
  pl->a = f->ra + clearance;
  if (f->max_ra > 0)
    pl->a = fmaxf (fminf (pl->a, f->max_ra), 0.5f * f->ra);
  pl->b = f->rb + clearance;
  pl->len[0] = 0;
  for (int i = 1; i <= TABLE; i++)
    {
      float p0 = -PI_F + 2 * PI_F * (float) (i - 1) / TABLE, p1 = -PI_F + 2 * PI_F * (float) i / TABLE;
      float dx = pl->a * (sinf (p1) - sinf (p0)), dz = pl->b * (cosf (p1) - cosf (p0));
      pl->len[i] = pl->len[i - 1] + sqrtf (dx * dx + dz * dz);
    }
  pl->total = pl->len[TABLE];
}

/* The point of a panel at flat (x, y) metres. */
static void
place_point (const Place *pl, float x, float y, float out[3])
{
  int inner = 0;
  for (int f = 0; f < pl->folds; f++)
    {
      float d = (x - pl->fold_p[f][0]) * pl->fold_n[f][0] + (y - pl->fold_p[f][1]) * pl->fold_n[f][1];
      if (d > 0)
        {
          x -= 2 * d * pl->fold_n[f][0];
          y -= 2 * d * pl->fold_n[f][1];
          inner++;
        }
    }
  float sign = pl->turned ? -1.0f : 1.0f;
  float s = sign * (x - pl->ax) + pl->s0, t = sign * (y - pl->ay) + pl->t0, ex, ez;
  if (pl->rows > 0)
    {
      int k = (int) floorf ((y - pl->row_y0) / ROW_M);
      float r = pl->row_r[k < 0 ? 0 : k >= pl->rows ? pl->rows - 1 : k];
      ex = r * sinf (s / r);
      ez = r * cosf (s / r);
    }
  else if (pl->wrap)
    {
      /* Arc length s from the outward point (phi = 0, half way round the table). */
      float u = fmodf (s + 0.5f * pl->total, pl->total);
      if (u < 0)
        u += pl->total;
      int lo = 0, hi = TABLE;
      while (hi - lo > 1)
        {
          int mid = (lo + hi) / 2;
          if (pl->len[mid] <= u)
            lo = mid;
          else
            hi = mid;
        }
      float seg = pl->len[hi] - pl->len[lo];
      float frac = seg > 0 ? (u - pl->len[lo]) / seg : 0;
      float phi = -PI_F + 2 * PI_F * ((float) lo + frac) / TABLE;
      ex = pl->a * sinf (phi);
      ez = pl->b * cosf (phi);
    }
  else
    {
      ex = s;
      ez = pl->b;
    }
  float r = sqrtf (ex * ex + ez * ez), in = (float) inner * FOLD_LAYER_M;
  if (inner > 0 && r > in)
    ex *= 1 - in / r, ez *= 1 - in / r;
  for (int k = 0; k < 3; k++)
    out[k] = pl->f.centre[k] + t * pl->f.up[k] + ex * pl->f.across[k] + ez * pl->f.out[k];
}

/* Seam pairs from panel `panel`'s boundary to panels already placed. */
typedef struct {
  int count, cap;
  int *mine;     /* vertex of the panel being placed (local index) */
  float *target; /* 3 per pair: its partner's placed position */
} Links;

static bool
links_add (Links *l, int mine, const float target[3])
{
  if (l->count == l->cap)
    {
      int cap = l->cap ? 2 * l->cap : 64;
      int *m = realloc (l->mine, (size_t) cap * sizeof *m);
      if (m)
        l->mine = m;
      float *t = realloc (l->target, (size_t) cap * 3 * sizeof *t);
      if (t)
        l->target = t;
      if (!m || !t)
        return false;
      l->cap = cap;
    }
  l->mine[l->count] = mine;
  memcpy (l->target + 3 * l->count, target, 3 * sizeof *target);
  l->count++;
  return true;
}

static bool
collect_links (const AtPattern *p, const AtPatternMesh *pm, int panel, const bool *placed, const int *first,
               const float *pos, Links *l)
{
  l->count = 0;
  for (int s = 0; s < p->seam_count; s++)
    {
      int pa = p->seams[s].a.panel, pb = p->seams[s].b.panel;
      const AtSeamPairs *sp = &pm->seams[s];
      for (int k = 0; k < sp->count; k++)
        {
          bool ok = true;
          if (pa == panel && pb != panel && placed[pb])
            ok = links_add (l, sp->a[k], pos + 3 * (first[pb] + sp->b[k]));
          else if (pb == panel && pa != panel && placed[pa])
            ok = links_add (l, sp->b[k], pos + 3 * (first[pa] + sp->a[k]));
          if (!ok)
            return false;
        }
    }
  return true;
}

static double
links_cost (const Place *pl, const AtPanelMesh *mesh, const Links *l)
{
  double sum = 0;
  for (int k = 0; k < l->count; k++)
    {
      float q[3];
      place_point (pl, mesh->rest[2 * l->mine[k]], mesh->rest[2 * l->mine[k] + 1], q);
      for (int a = 0; a < 3; a++)
        sum += (double) (q[a] - l->target[3 * k + a]) * (q[a] - l->target[3 * k + a]);
    }
  return sum;
}

/* Turn (s0) and slide (t0) minimising the distance to placed partners.
 * Only a panel reaching at least half round the body part (a band, a tube)
 * is turned: a narrower one (a torso half, a leg panel) sits where its
 * placement puts it, as its long side seams would otherwise turn it round
 * to meet its partner's side seam wherever the placement ellipse left a
 * gap, taking its centre back to the wearer's side. */
static void
fit_to_partners (Place *pl, const AtPanelMesh *mesh, const Links *l)
{
  float s_init = pl->s0, t_init = pl->t0, best_s = s_init, best_t = t_init;
  bool best_turned = false;
  float xmin = INFINITY, xmax = -INFINITY;
  for (int v = 0; v < mesh->vertex_count; v++)
    {
      xmin = fminf (xmin, mesh->rest[2 * v]);
      xmax = fmaxf (xmax, mesh->rest[2 * v]);
    }
  bool turns = pl->rows > 0 || xmax - xmin >= 0.5f * pl->total;
  pl->turned = false;
  double best = links_cost (pl, mesh, l);
  for (int turn = 0; turn < (pl->rows > 0 ? 2 : 1); turn++)
    {
      float step_s = pl->total / 72, step_t = 0.02f, cs = s_init, ct = t_init;
      pl->turned = turn == 1;
      for (int pass = 0; pass < 2; pass++)
        {
          float ps = cs, pt = ct;
          int ns = !turns ? 0 : pass == 0 ? 36 : 6, nt = 4;
          double pass_best = INFINITY;
          for (int i = -ns; i <= ns; i++)
            for (int j = -nt; j <= nt; j++)
              {
                pl->s0 = ps + (float) i * step_s;
                pl->t0 = pt + (float) j * step_t;
                double c = links_cost (pl, mesh, l);
                if (c < pass_best)
                  pass_best = c, cs = pl->s0, ct = pl->t0;
                if (c < best)
                  best = c, best_s = pl->s0, best_t = pl->t0, best_turned = pl->turned;
              }
          step_s /= 6;
          step_t /= 4;
        }
    }
  pl->s0 = best_s;
  pl->t0 = best_t;
  pl->turned = best_turned;
}

/* The tube radius of each 1 cm row of a wrapped arm panel: its width there
 * over 2 pi; rows above the widest (the sleeve cap) keep the widest. */
static void
tube_rows (Place *pl, const AtPanelMesh *mesh)
{
  float ymin = INFINITY, ymax = -INFINITY;
  for (int v = 0; v < mesh->vertex_count; v++)
    {
      ymin = fminf (ymin, mesh->rest[2 * v + 1]);
      ymax = fmaxf (ymax, mesh->rest[2 * v + 1]);
    }
  int rows = (int) ((ymax - ymin) / ROW_M) + 1;
  if (rows > ROWS)
    return;
  float lo[ROWS], hi[ROWS];
  for (int k = 0; k < rows; k++)
    lo[k] = INFINITY, hi[k] = -INFINITY;
  for (int v = 0; v < mesh->vertex_count; v++)
    {
      int k = (int) ((mesh->rest[2 * v + 1] - ymin) / ROW_M);
      lo[k] = fminf (lo[k], mesh->rest[2 * v]);
      hi[k] = fmaxf (hi[k], mesh->rest[2 * v]);
    }
  int widest = 0;
  for (int k = 0; k < rows; k++)
    {
      pl->row_r[k] = hi[k] > lo[k] ? fmaxf ((hi[k] - lo[k]) / (2 * PI_F), pl->f.min_r) : pl->f.min_r;
      if (pl->row_r[k] > pl->row_r[widest])
        widest = k;
    }
  for (int k = widest + 1; k < rows; k++)
    pl->row_r[k] = pl->row_r[widest];
  pl->rows = rows;
  pl->row_y0 = ymin;
}

bool
at_drape_fold_side (const AtPattern *p, const AtPatternMesh *pm, int panel, int fold, float normal[2])
{
  const AtFoldLine *f = &p->panels[panel].folds[fold];
  double dx = f->b.x - f->a.x, dy = f->b.y - f->a.y, len = hypot (dx, dy);
  if (f->angle_deg < 90 || !(len > 0))
    return false;
  normal[0] = (float) (-dy / len), normal[1] = (float) (dx / len);
  /* Seam vertices either side, in metres from the line (flat mesh). */
  const AtPanelMesh *m = &pm->panels[panel];
  float ax = (float) (f->a.x / 100), ay = (float) (f->a.y / 100), near = 1e-3f;
  int count[2] = { 0, 0 };
  for (int s = 0; s < p->seam_count; s++)
    for (int side = 0; side < 2; side++)
      if ((side == 0 ? p->seams[s].a.panel : p->seams[s].b.panel) == panel)
        for (int k = 0; k < pm->seams[s].count; k++)
          {
            int v = side == 0 ? pm->seams[s].a[k] : pm->seams[s].b[k];
            float d = (m->rest[2 * v] - ax) * normal[0] + (m->rest[2 * v + 1] - ay) * normal[1];
            if (fabsf (d) > near)
              count[d > 0]++;
          }
  if (count[1] == count[0])
    return false;
  if (count[1] > count[0])
    normal[0] = -normal[0], normal[1] = -normal[1];
  /* The folded part must be at least AT_MESH_FOLD_ROWS mesh edges deep: the
   * solver bends towards flat, and a fold with a single row of triangles
   * either side is pulled into a saw-tooth. The mesher refines a panel with
   * a shallow fold to that depth (a T-shirt's 1.8 cm neckband is meshed at
   * 0.9 cm); a quarter edge is allowed for rounding its divisions to whole
   * edges. Only a fold too shallow to refine stands unfolded. */
  float depth = 0, edge = 0;
  for (int v = 0; v < m->vertex_count; v++)
    depth = fmaxf (depth, (m->rest[2 * v] - ax) * normal[0] + (m->rest[2 * v + 1] - ay) * normal[1]);
  for (int v = 0; v < m->boundary_count; v++)
    {
      int w = (v + 1) % m->boundary_count;
      edge += hypotf (m->rest[2 * w] - m->rest[2 * v], m->rest[2 * w + 1] - m->rest[2 * v + 1]);
    }
  return depth >= (float) (AT_MESH_FOLD_ROWS - 0.25) * edge / (float) m->boundary_count;
}

static void
push_out (AtBody *body, float *pos, int n)
{
  const AtSdf *sdf = at_body_sdf (body, NULL);
  if (!sdf)
    return;
  const float margin = 0.01f;
  for (int i = 0; i < n; i++)
    {
      float g[3], *p = pos + 3 * i;
      for (int it = 0; it < 4; it++)
        {
          float d = at_sdf_sample (sdf, p, g);
          if (d >= margin)
            break;
          normalize3 (g);
          for (int k = 0; k < 3; k++)
            p[k] += (margin - d) * g[k];
        }
    }
}

AtStatus
at_drape_place (const AtPattern *p, const AtPatternMesh *pm, AtBody *body, const int *first, float *pos,
                AtError *err)
{
  bool placed[AT_PATTERN_MAX_PANELS] = { false };
  Place *pl = malloc (sizeof *pl);
  Links links = { 0 };
  if (!pl)
    return at_error_set (err, AT_ERR_NOMEM, "drape: out of memory placing panels");
  AtStatus st = AT_OK;
  for (int i = 0; i < p->panel_count && st == AT_OK; i++)
    {
      const AtPanel *pn = &p->panels[i];
      const AtPlacement *pc = &pn->placement;
      const AtPanelMesh *mesh = &pm->panels[i];
      Frame f;
      if (!landmark_frame (body, pc->landmark, &f))
        {
          st = at_error_set (err, AT_ERR_INVALID, "panel '%s': unknown placement landmark '%s'", pn->name, pc->landmark);
          break;
        }
      place_init (pl, &f, (float) (pc->offset[2] / 100), pc->wrap);
      pl->rows = 0;
      pl->turned = false;
      pl->folds = 0;
      for (int k = 0; k < pn->fold_count; k++)
        if (at_drape_fold_side (p, pm, i, k, pl->fold_n[pl->folds]))
          {
            pl->fold_p[pl->folds][0] = (float) (pn->folds[k].a.x / 100);
            pl->fold_p[pl->folds][1] = (float) (pn->folds[k].a.y / 100);
            pl->folds++;
          }
      if (f.min_r > 0 && pc->wrap)
        tube_rows (pl, mesh);
      pl->ax = (float) (pc->anchor.x / 100);
      pl->ay = (float) (pc->anchor.y / 100);
      pl->s0 = (float) (pc->offset[0] / 100) * pl->f.across[0];
      pl->t0 = (float) (pc->offset[1] / 100);
      if (f.hang)
        {
          float ymax = -INFINITY;
          for (int v = 0; v < mesh->vertex_count; v++)
            ymax = fmaxf (ymax, mesh->rest[2 * v + 1]);
          pl->t0 += pl->ay - ymax;
        }
      if (!collect_links (p, pm, i, placed, first, pos, &links))
        {
          st = at_error_set (err, AT_ERR_NOMEM, "drape: out of memory placing panels");
          break;
        }
      if (links.count > 0)
        fit_to_partners (pl, mesh, &links);
      for (int v = 0; v < mesh->vertex_count; v++)
        place_point (pl, mesh->rest[2 * v], mesh->rest[2 * v + 1], pos + 3 * (first[i] + v));
      placed[i] = true;
    }
  free (links.mine);
  free (links.target);
  free (pl);
  if (st == AT_OK)
    push_out (body, pos, first[p->panel_count]);
  return st;
}
