/* Cut-order planning as an integer program (GLPK branch and cut).
 *
 * Method: the classic marker-selection model (e.g. Jacobs-Blecha et al.
 * 1998, "The cutting order planning problem", and Rose & Shier 2007,
 * "Cut scheduling in the apparel industry", C&OR 34:3209-3228), with the
 * markers enumerated up front: every size ratio r (garments per ply, per
 * size) whose estimated length fits the table and whose garment count is
 * at most the cap is a column family. For each marker m and colour c the
 * integer p[m,c] is the plies cut and the integer n[m,c] the lays they are
 * spread in (p <= max_plies * n). For each colour and size,
 *   sum_m r[m,s] p[m,c] - over[c,s] + under[c,s] = ordered[c,s]
 * with over and under bounded by the allowed fractions. The objective is
 * fabric length (sum of marker length x plies, a marker's length being
 * its garments' lengths plus the end allowance) plus a small cost per lay,
 * so fabric comes first and fewer lays break ties; under-cut is charged
 * well above the fabric it saves so it is a last resort. Columns that
 * would overshoot a size by more than the over-cut allowance with a single
 * ply are left out, which keeps the program small.
 *
 * Determinism: the solver is stopped by a count of branch-and-bound nodes
 * (and the 0.1 % gap), never by the clock, so an order gives the same plan
 * on a loaded machine as on an idle one. */
#include "at_cutplan.h"

#include <glpk.h>
#include <stdint.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_MARKERS = 20000, GARMENTS_CAP = 8 };

AtCutOrder
at_cut_order_default (void)
{
  return (AtCutOrder){ .max_plies = 60, .max_marker_length = 0, .end_allowance = 2.0, .max_garments_per_marker = 0,
                       .max_overcut = 0.0, .max_undercut = 0.0, .lay_cost = -1.0, .max_nodes = 5000 };
}

double
at_cutplan_garment_length (double piece_area, double fabric_width, double efficiency)
{
  if (!(fabric_width > 0) || !(efficiency > 0) || efficiency > 1)
    return NAN;
  return piece_area / (fabric_width * efficiency);
}

typedef struct {
  const AtCutOrder *o;
  int *ratios; /* n_markers x n_sizes */
  size_t n, cap;
  int *cur;
  int max_garments;
} Enum;

static bool
enumerate (Enum *e, size_t size, double length, int garments)
{
  const size_t ns = e->o->n_sizes;
  if (size == ns)
    {
      if (garments == 0)
        return true;
      if (e->n == MAX_MARKERS)
        return false;
      if (e->n == e->cap)
        {
          e->cap = e->cap ? 2 * e->cap : 256;
          int *r = realloc (e->ratios, e->cap * ns * sizeof *r);
          if (!r)
            return false;
          e->ratios = r;
        }
      memcpy (e->ratios + e->n * ns, e->cur, ns * sizeof *e->cur);
      e->n++;
      return true;
    }
  for (int k = 0; garments + k <= e->max_garments; k++)
    {
      const double l = length + k * e->o->garment_length[size];
      if (l > e->o->max_marker_length)
        break;
      e->cur[size] = k;
      if (!enumerate (e, size + 1, l, garments + k))
        return false;
    }
  e->cur[size] = 0;
  return true;
}

static AtStatus
check_order (const AtCutOrder *o, AtError *err)
{
  if (o->n_sizes == 0 || o->n_colours == 0 || !o->quantity || !o->garment_length)
    return at_error_set (err, AT_ERR_INVALID, "cut plan: the order has no sizes or no colours");
  if (o->max_plies <= 0)
    return at_error_set (err, AT_ERR_RANGE, "cut plan: max plies must be at least 1");
  if (!(o->max_marker_length > 0) || !isfinite (o->max_marker_length))
    return at_error_set (err, AT_ERR_RANGE, "cut plan: the maximum marker length must be positive");
  if (!(o->end_allowance >= 0) || !isfinite (o->end_allowance))
    return at_error_set (err, AT_ERR_RANGE, "cut plan: the end allowance must be zero or positive");
  if (!(o->max_overcut >= 0) || !(o->max_undercut >= 0) || o->max_undercut > 1)
    return at_error_set (err, AT_ERR_RANGE, "cut plan: over- and under-cut allowances must be fractions >= 0");
  long total = 0;
  for (size_t c = 0; c < o->n_colours; c++)
    for (size_t s = 0; s < o->n_sizes; s++)
      {
        const int q = o->quantity[c * o->n_sizes + s];
        if (q < 0)
          return at_error_set (err, AT_ERR_RANGE, "cut plan: colour %s, size %s: quantity %d is negative",
                               o->colour_names[c], o->size_names[s], q);
        total += q;
        if (q > 0 && !(o->garment_length[s] > 0
                       && o->garment_length[s] + o->end_allowance <= o->max_marker_length))
          return at_error_set (err, AT_ERR_INVALID,
                               "cut plan: size %s needs %g of marker per garment (plus %g per ply), "
                               "the maximum marker length is %g",
                               o->size_names[s], o->garment_length[s], o->end_allowance, o->max_marker_length);
      }
  if (total == 0)
    return at_error_set (err, AT_ERR_INVALID, "cut plan: every quantity is 0, nothing to cut");
  return AT_OK;
}

typedef struct {
  int *ia, *ja;
  double *ar;
  int n, cap;
} Triplets;

static bool
trip_add (Triplets *t, int row, int col, double v)
{
  if (t->n + 1 >= t->cap)
    {
      t->cap = t->cap ? 2 * t->cap : 1024;
      int *ia = realloc (t->ia, (size_t) t->cap * sizeof *ia);
      if (ia)
        t->ia = ia;
      int *ja = realloc (t->ja, (size_t) t->cap * sizeof *ja);
      if (ja)
        t->ja = ja;
      double *ar = realloc (t->ar, (size_t) t->cap * sizeof *ar);
      if (ar)
        t->ar = ar;
      if (!ia || !ja || !ar)
        return false;
    }
  t->n++; /* GLPK's arrays are 1-based */
  t->ia[t->n] = row;
  t->ja[t->n] = col;
  t->ar[t->n] = v;
  return true;
}

/* Stops the search once it has created max_nodes nodes: GLPK has no node
 * limit of its own, so the callback counts them at each node selection. */
static void
node_limit (glp_tree *tree, void *info)
{
  if (glp_ios_reason (tree) != GLP_ISELECT)
    return;
  int active, current, total;
  glp_ios_tree_size (tree, &active, &current, &total);
  if (total >= *(const long *) info)
    glp_ios_terminate (tree);
}

static double
marker_length (const AtCutOrder *o, const int *ratio)
{
  double l = o->end_allowance;
  for (size_t s = 0; s < o->n_sizes; s++)
    l += ratio[s] * o->garment_length[s];
  return l;
}

AtStatus
at_cutplan_solve (const AtCutOrder *o, AtCutPlan *out, AtError *err)
{
  memset (out, 0, sizeof *out);
  AtStatus st = check_order (o, err);
  if (st != AT_OK)
    return st;
  const size_t ns = o->n_sizes, nc = o->n_colours;
  Enum e = { .o = o, .max_garments = o->max_garments_per_marker > 0 ? o->max_garments_per_marker : GARMENTS_CAP };
  e.cur = calloc (ns, sizeof *e.cur);
  int *over_max = calloc (nc * ns, sizeof *over_max);
  int *col_p = NULL;
  Triplets t = { 0 };
  glp_prob *lp = NULL;
  if (!e.cur || !over_max)
    {
      st = at_error_set (err, AT_ERR_NOMEM, "cut plan: out of memory");
      goto done;
    }
  while (!enumerate (&e, 0, o->end_allowance, 0))
    {
      if (e.n < MAX_MARKERS || e.max_garments <= 1)
        {
          st = at_error_set (err, AT_ERR_NOMEM, "cut plan: out of memory");
          goto done;
        }
      e.max_garments--; /* too many ratios: cap the garments per marker */
      e.n = 0;
    }
  for (size_t i = 0; i < nc * ns; i++)
    over_max[i] = (int) floor (o->max_overcut * o->quantity[i] + 1e-9);
  const double lay_cost = o->lay_cost >= 0 ? o->lay_cost : 0.02 * o->max_marker_length;
  double longest = 0.0;
  for (size_t s = 0; s < ns; s++)
    longest = fmax (longest, o->garment_length[s]);

  glp_term_out (GLP_OFF);
  lp = glp_create_prob ();
  glp_set_obj_dir (lp, GLP_MIN);
  /* Rows 1..nc*ns: cut balance per colour and size. */
  glp_add_rows (lp, (int) (nc * ns));
  for (size_t i = 0; i < nc * ns; i++)
    glp_set_row_bnds (lp, (int) i + 1, GLP_FX, o->quantity[i], o->quantity[i]);
  col_p = malloc (e.n * nc * sizeof *col_p);
  if (!col_p)
    {
      st = at_error_set (err, AT_ERR_NOMEM, "cut plan: out of memory");
      goto done;
    }
  bool ok = true;
  int n_cols = 0;
  for (size_t m = 0; m < e.n && ok; m++)
    for (size_t c = 0; c < nc && ok; c++)
      {
        const int *r = e.ratios + m * ns;
        /* The most plies before some size overshoots its allowance. */
        int ub = INT32_MAX;
        for (size_t s = 0; s < ns; s++)
          if (r[s] > 0)
            {
              const int lim = (o->quantity[c * ns + s] + over_max[c * ns + s]) / r[s];
              ub = lim < ub ? lim : ub;
            }
        col_p[m * nc + c] = 0;
        if (ub == 0)
          continue;
        const int p = glp_add_cols (lp, 2), n = p + 1, link = glp_add_rows (lp, 1);
        col_p[m * nc + c] = p;
        n_cols += 2;
        glp_set_col_kind (lp, p, GLP_IV);
        glp_set_col_bnds (lp, p, GLP_DB, 0, ub);
        glp_set_obj_coef (lp, p, marker_length (o, r));
        glp_set_col_kind (lp, n, GLP_IV);
        glp_set_col_bnds (lp, n, GLP_DB, 0, (ub + o->max_plies - 1) / o->max_plies);
        glp_set_obj_coef (lp, n, lay_cost);
        glp_set_row_bnds (lp, link, GLP_UP, 0, 0); /* p - max_plies n <= 0 */
        ok = trip_add (&t, link, p, 1.0) && trip_add (&t, link, n, -o->max_plies);
        for (size_t s = 0; s < ns && ok; s++)
          if (r[s] > 0)
            ok = trip_add (&t, (int) (c * ns + s) + 1, p, r[s]);
      }
  for (size_t i = 0; i < nc * ns && ok; i++)
    {
      const int under_max = (int) floor (o->max_undercut * o->quantity[i] + 1e-9);
      if (over_max[i] > 0)
        {
          const int j = glp_add_cols (lp, 1);
          glp_set_col_bnds (lp, j, GLP_DB, 0, over_max[i]);
          ok = trip_add (&t, (int) i + 1, j, -1.0);
        }
      if (under_max > 0 && ok)
        {
          const int j = glp_add_cols (lp, 1);
          glp_set_col_bnds (lp, j, GLP_DB, 0, under_max);
          /* Dearer than the fabric any garment saves: a last resort. */
          glp_set_obj_coef (lp, j, 10.0 * longest);
          ok = trip_add (&t, (int) i + 1, j, 1.0);
        }
    }
  if (!ok || n_cols == 0)
    {
      st = ok ? at_error_set (err, AT_ERR_INVALID, "cut plan: no marker fits the order")
              : at_error_set (err, AT_ERR_NOMEM, "cut plan: out of memory");
      goto done;
    }
  glp_load_matrix (lp, t.n, t.ia, t.ja, t.ar);
  glp_iocp parm;
  glp_init_iocp (&parm);
  parm.presolve = GLP_ON;
  parm.msg_lev = GLP_MSG_OFF;
  parm.fp_heur = GLP_ON;
  parm.mip_gap = 1e-3; /* within 0.1 % of the bound is optimal enough for fabric */
  const long max_nodes = o->max_nodes > 0 ? o->max_nodes : at_cut_order_default ().max_nodes;
  parm.cb_func = node_limit;
  parm.cb_info = (void *) &max_nodes;
  const int ret = glp_intopt (lp, &parm);
  /* Stopping at the gap tolerance or the node limit still leaves the best
   * integer plan found. */
  const int status = ret == 0 || ret == GLP_ESTOP || ret == GLP_EMIPGAP ? glp_mip_status (lp) : GLP_NOFEAS;
  if (status != GLP_OPT && status != GLP_FEAS)
    {
      st = ret == GLP_ESTOP || status == GLP_UNDEF
             ? at_error_set (err, AT_ERR_INVALID, "cut plan: no plan found within %ld branch-and-bound nodes",
                             max_nodes)
             : at_error_set (err, AT_ERR_INVALID,
                             "cut plan: no plan meets the order within the over- and under-cut "
                             "allowances (allow some over-cut, more garments per marker or longer markers)");
      goto done;
    }
  out->optimal = status == GLP_OPT || ret == GLP_EMIPGAP;
  out->n_sizes = ns;
  out->n_colours = nc;
  out->cut = calloc (nc * ns, sizeof *out->cut);
  size_t n_lays = 0;
  for (size_t k = 0; k < e.n * nc; k++)
    if (col_p[k])
      n_lays += (size_t) llround (glp_mip_col_val (lp, col_p[k] + 1));
  out->lays = calloc (n_lays + 1, sizeof *out->lays);
  if (!out->cut || !out->lays)
    {
      at_cutplan_free (out);
      st = at_error_set (err, AT_ERR_NOMEM, "cut plan: out of memory");
      goto done;
    }
  for (size_t k = 0; k < e.n * nc && st == AT_OK; k++)
    {
      if (!col_p[k])
        continue;
      const int plies = (int) llround (glp_mip_col_val (lp, col_p[k]));
      const int lays = (int) llround (glp_mip_col_val (lp, col_p[k] + 1));
      const int *r = e.ratios + (k / nc) * ns;
      const size_t c = k % nc;
      for (int l = 0; l < lays && plies > 0; l++)
        {
          AtCutLay *lay = &out->lays[out->n_lays];
          lay->ratio = malloc (ns * sizeof *lay->ratio);
          if (!lay->ratio)
            {
              at_cutplan_free (out);
              st = at_error_set (err, AT_ERR_NOMEM, "cut plan: out of memory");
              break;
            }
          out->n_lays++;
          memcpy (lay->ratio, r, ns * sizeof *r);
          lay->colour = c;
          /* Plies spread as evenly as the lays allow. */
          lay->plies = plies / lays + (l < plies % lays);
          lay->marker_length = marker_length (o, r);
        }
      for (size_t s = 0; s < ns && st == AT_OK; s++)
        out->cut[c * ns + s] += r[s] * plies;
      out->fabric_length += plies * marker_length (o, r);
    }
done:
  if (lp)
    glp_delete_prob (lp);
  free (col_p);
  free (t.ia);
  free (t.ja);
  free (t.ar);
  free (e.cur);
  free (e.ratios);
  free (over_max);
  return st;
}

void
at_cutplan_free (AtCutPlan *plan)
{
  for (size_t i = 0; plan && i < plan->n_lays; i++)
    free (plan->lays[i].ratio);
  if (plan)
    {
      free (plan->lays);
      free (plan->cut);
      memset (plan, 0, sizeof *plan);
    }
}
