/* Multi-class gradient boosting (Friedman, "Greedy Function Approximation:
 * A Gradient Boosting Machine", 2001) with the second-order leaf values and
 * regularised split gain of XGBoost (Chen & Guestrin 2016) and the
 * histogram split search of LightGBM (Ke et al. 2017): each feature is cut
 * into quantile bins once, so finding a split costs one pass over the rows
 * per tree level instead of a sort. Trees are complete binary trees of a
 * fixed depth (a node that cannot split passes its value down), which keeps
 * them flat arrays. Rows are subsampled per round (Friedman 2002). */
#include "at_rec_learn.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  int16_t feature;  /* -1: no split, every row goes left */
  float threshold;  /* go left when x <= threshold */
} Split;

struct AtGbdt {
  int dim, classes, depth, trees;
  double base[16];
  Split *splits; /* trees x (2^depth - 1) */
  float *leaves; /* trees x 2^depth */
};

AtGbdtDef
at_gbdt_def_default (void)
{
  return (AtGbdtDef) { .rounds = 80, .depth = 5, .bins = 64, .rate = 0.05, .lambda = 1.0, .min_hessian = 50.0,
                       .subsample = 0.5, .seed = 7 };
}

void
at_gbdt_free (AtGbdt *model)
{
  if (!model)
    return;
  free (model->splits);
  free (model->leaves);
  free (model);
}

static int
compare_float (const void *a, const void *b)
{
  float x = *(const float *) a, y = *(const float *) b;
  return (x > y) - (x < y);
}

/* Upper edges of up to bins quantile bins of feature f (from a sample);
 * returns how many edges (bins - 1 at most, fewer when values repeat). */
static int
quantile_edges (const float *x, size_t n, int dim, int f, int bins, float *sample, size_t n_sample, float *edges)
{
  size_t step = n > n_sample ? n / n_sample : 1, m = 0;
  for (size_t r = 0; r < n && m < n_sample; r += step)
    sample[m++] = x[r * dim + f];
  qsort (sample, m, sizeof *sample, compare_float);
  int count = 0;
  for (int b = 1; b < bins; b++)
    {
      float v = sample[(size_t) ((double) b / bins * (double) (m - 1))];
      if (count == 0 || v > edges[count - 1])
        edges[count++] = v;
    }
  /* the largest value must fall in the last bin, not past it */
  if (count > 0 && edges[count - 1] >= sample[m - 1])
    count--;
  return count;
}

static uint8_t
bin_of (const float *edges, int n_edges, float v)
{
  int lo = 0, hi = n_edges; /* first edge >= v */
  while (lo < hi)
    {
      int mid = (lo + hi) / 2;
      if (edges[mid] < v)
        lo = mid + 1;
      else
        hi = mid;
    }
  return (uint8_t) lo;
}

typedef struct {
  const uint8_t *bin; /* n x dim */
  const float *edges; /* dim x 256 */
  int stride;         /* histogram cells per feature: the most bins */
  const int *n_edges;
  size_t n;
  int dim, depth;
  double lambda, min_hessian;
} TreeCtx;

/* Grows one tree on the rows in use[] (gradient g, hessian h); writes its
 * splits and leaf values and each row's leaf. */
static void
grow_tree (const TreeCtx *c, const double *g, const double *h, const size_t *use, size_t n_use, int32_t *node,
           double *hist, Split *splits, float *leaves)
{
  int n_inner = (1 << c->depth) - 1;
  for (size_t k = 0; k < n_use; k++)
    node[use[k]] = 0;
  for (int level = 0; level < c->depth; level++)
    {
      int first = (1 << level) - 1, width = 1 << level;
      size_t per_node = (size_t) c->dim * (size_t) c->stride * 2;
      memset (hist, 0, (size_t) width * per_node * sizeof *hist);
      /* row-major: each row's bins are contiguous. Single-threaded on
       * purpose: a parallel region per tree level costs more in barriers
       * than it saves once the machine is shared */
      for (size_t k = 0; k < n_use; k++)
        {
          size_t r = use[k];
          const uint8_t *br = c->bin + r * c->dim;
          double *hn = hist + (size_t) (node[r] - first) * per_node;
          for (int f = 0; f < c->dim; f++)
            {
              double *cell = hn + ((size_t) f * (size_t) c->stride + br[f]) * 2;
              cell[0] += g[r];
              cell[1] += h[r];
            }
        }
      for (int w = 0; w < width; w++)
        {
          const double *hn = hist + (size_t) w * per_node;
          double G = 0, H = 0;
          for (int b = 0; b < c->stride; b++)
            G += hn[b * 2], H += hn[b * 2 + 1];
          double parent = G * G / (H + c->lambda), best_gain = 1e-9;
          Split best = { -1, 0 };
          for (int f = 0; f < c->dim; f++)
            {
              const double *hf = hn + (size_t) f * (size_t) c->stride * 2;
              double GL = 0, HL = 0;
              for (int b = 0; b < c->n_edges[f]; b++)
                {
                  GL += hf[b * 2], HL += hf[b * 2 + 1];
                  double GR = G - GL, HR = H - HL;
                  if (HL < c->min_hessian || HR < c->min_hessian)
                    continue;
                  double gain = GL * GL / (HL + c->lambda) + GR * GR / (HR + c->lambda) - parent;
                  if (gain > best_gain)
                    {
                      best_gain = gain;
                      best = (Split) { (int16_t) f, c->edges[f * 256 + b] };
                    }
                }
            }
          splits[first + w] = best;
        }
      for (size_t k = 0; k < n_use; k++)
        {
          size_t r = use[k];
          const Split *s = &splits[node[r]];
          bool right = s->feature >= 0 && c->bin[r * c->dim + s->feature] > bin_of (c->edges + s->feature * 256,
                                                                                     c->n_edges[s->feature], s->threshold);
          node[r] = 2 * node[r] + 1 + right;
        }
    }
  int n_leaves = 1 << c->depth;
  double *sum = calloc ((size_t) n_leaves * 2, sizeof *sum);
  if (sum)
    {
      for (size_t k = 0; k < n_use; k++)
        {
          size_t r = use[k];
          sum[(node[r] - n_inner) * 2] += g[r];
          sum[(node[r] - n_inner) * 2 + 1] += h[r];
        }
      for (int l = 0; l < n_leaves; l++)
        leaves[l] = (float) (-sum[2 * l] / (sum[2 * l + 1] + c->lambda));
    }
  else
    memset (leaves, 0, (size_t) n_leaves * sizeof *leaves);
  free (sum);
}

static float
tree_value (const Split *splits, const float *leaves, int depth, const float *x)
{
  int i = 0;
  for (int level = 0; level < depth; level++)
    i = 2 * i + 1 + (splits[i].feature >= 0 && x[splits[i].feature] > splits[i].threshold);
  return leaves[i - ((1 << depth) - 1)];
}

static void
softmax (double *s, int k)
{
  double best = s[0], sum = 0;
  for (int c = 1; c < k; c++)
    best = s[c] > best ? s[c] : best;
  for (int c = 0; c < k; c++)
    sum += (s[c] = exp (s[c] - best));
  for (int c = 0; c < k; c++)
    s[c] /= sum;
}

AtStatus
at_gbdt_train (const float *x, const uint8_t *labels, size_t n, int dim, int classes, const AtGbdtDef *def,
               AtGbdt **out, AtError *err)
{
  *out = NULL;
  if (n < 2 || dim <= 0 || dim > 4096 || classes < 2 || classes > 16 || def->depth < 1 || def->depth > 10
      || def->rounds < 1 || def->bins < 2 || def->bins > 256)
    return at_error_set (err, AT_ERR_INVALID, "boosted trees: bad settings or too few rows");
  int n_inner = (1 << def->depth) - 1, n_leaves = 1 << def->depth, trees = def->rounds * classes;
  AtGbdt *m = calloc (1, sizeof *m);
  uint8_t *bin = malloc (n * (size_t) dim);
  float *edges = malloc ((size_t) dim * 256 * sizeof *edges), *sample = malloc (20000 * sizeof *sample);
  int *n_edges = malloc ((size_t) dim * sizeof *n_edges);
  double *score = calloc (n * (size_t) classes, sizeof *score), *g = malloc (n * sizeof *g), *h = malloc (n * sizeof *h);
  double *prob = malloc (n * (size_t) classes * sizeof *prob);
  double *hist = malloc ((size_t) (n_leaves / 2) * (size_t) dim * (size_t) def->bins * 2 * sizeof *hist);
  int32_t *node = malloc (n * sizeof *node);
  size_t *use = malloc (n * sizeof *use);
  if (m)
    {
      m->splits = malloc ((size_t) trees * n_inner * sizeof *m->splits);
      m->leaves = malloc ((size_t) trees * n_leaves * sizeof *m->leaves);
    }
  AtStatus st = AT_OK;
  if (!m || !m->splits || !m->leaves || !bin || !edges || !sample || !n_edges || !score || !g || !h || !prob || !hist
      || !node || !use)
    st = at_error_set (err, AT_ERR_NOMEM, "boosted trees: out of memory");
  if (!st)
    {
      m->dim = dim, m->classes = classes, m->depth = def->depth, m->trees = trees;
      for (int f = 0; f < dim; f++)
        {
          n_edges[f] = quantile_edges (x, n, dim, f, def->bins, sample, 20000, edges + f * 256);
          for (size_t r = 0; r < n; r++)
            bin[r * dim + f] = bin_of (edges + f * 256, n_edges[f], x[r * dim + f]);
        }
      /* start from the class frequencies */
      double count[16] = { 0 };
      for (size_t r = 0; r < n; r++)
        count[labels[r] < classes ? labels[r] : 0] += 1;
      for (int c = 0; c < classes; c++)
        m->base[c] = log ((count[c] + 1) / ((double) n + classes));
      for (size_t r = 0; r < n; r++)
        memcpy (score + r * classes, m->base, (size_t) classes * sizeof *score);
      TreeCtx ctx = { bin, edges, def->bins, n_edges, n, dim, def->depth, def->lambda, def->min_hessian };
      uint64_t rng = def->seed;
      for (int round = 0; round < def->rounds; round++)
        {
          size_t n_use = 0;
          for (size_t r = 0; r < n; r++)
            if (at_rng_uniform (&rng) < def->subsample)
              use[n_use++] = r;
          for (size_t r = 0; r < n; r++)
            {
              memcpy (prob + r * classes, score + r * classes, (size_t) classes * sizeof *prob);
              softmax (prob + r * classes, classes);
            }
          for (int c = 0; c < classes; c++)
            {
              for (size_t r = 0; r < n; r++)
                {
                  double p = prob[r * classes + c];
                  g[r] = p - (labels[r] == c);
                  h[r] = p * (1 - p) > 1e-6 ? p * (1 - p) : 1e-6;
                }
              int t = round * classes + c;
              Split *splits = m->splits + (size_t) t * n_inner;
              float *leaves = m->leaves + (size_t) t * n_leaves;
              grow_tree (&ctx, g, h, use, n_use, node, hist, splits, leaves);
              for (int l = 0; l < n_leaves; l++)
                leaves[l] *= (float) def->rate;
              for (size_t r = 0; r < n; r++)
                score[r * classes + c] += tree_value (splits, leaves, def->depth, x + r * dim);
            }
        }
    }
  free (bin), free (edges), free (sample), free (n_edges), free (score), free (g), free (h), free (prob), free (hist);
  free (node), free (use);
  if (st)
    {
      at_gbdt_free (m);
      return st;
    }
  *out = m;
  return AT_OK;
}

void
at_gbdt_predict (const AtGbdt *model, const float *x, double *out_p)
{
  int n_inner = (1 << model->depth) - 1, n_leaves = 1 << model->depth;
  for (int c = 0; c < model->classes; c++)
    out_p[c] = model->base[c];
  for (int t = 0; t < model->trees; t++)
    out_p[t % model->classes] += tree_value (model->splits + (size_t) t * n_inner,
                                             model->leaves + (size_t) t * n_leaves, model->depth, x);
  softmax (out_p, model->classes);
}
