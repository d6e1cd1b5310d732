/* An order's size mix from the sizes recorded at fittings.
 *
 * The customers' latest fitted size of a garment estimates its size
 * distribution; an order of N garments is split over the sizes by the
 * largest remainder method (Hamilton's apportionment): each size gets the
 * floor of its exact share, and the garments left go one each to the sizes
 * with the largest fractional parts. Shares are compared as exact integer
 * remainders (N * count mod total) so ties are decided by rule, not by
 * rounding noise. */
#include "at_production.h"

#include <stdlib.h>
#include <string.h>

AtStatus
at_size_mix_round (const int *counts, size_t n, int total, int *out, AtError *err)
{
  if (total < 0)
    return at_error_set (err, AT_ERR_RANGE, "size mix: %d garments is negative", total);
  long long sum = 0;
  for (size_t i = 0; i < n; i++)
    {
      if (counts[i] < 0)
        return at_error_set (err, AT_ERR_RANGE, "size mix: count %d of size %zu is negative", counts[i], i);
      sum += counts[i];
    }
  if (sum == 0)
    return at_error_set (err, AT_ERR_INVALID, "size mix: no fittings recorded to take a distribution from");
  long long given = 0;
  for (size_t i = 0; i < n; i++)
    {
      out[i] = (int) ((long long) total * counts[i] / sum);
      given += out[i];
    }
  /* Fewer than n garments are left: hand them out one per size. */
  for (long long left = total - given; left > 0; left--)
    {
      size_t best = n;
      long long best_rem = -1;
      for (size_t i = 0; i < n; i++)
        {
          long long rem = (long long) total * counts[i] % sum;
          bool taken = (long long) out[i] * sum > (long long) total * counts[i];
          if (taken)
            continue;
          if (rem > best_rem || (rem == best_rem && counts[i] > counts[best]))
            best = i, best_rem = rem;
        }
      out[best]++;
    }
  return AT_OK;
}

void
at_size_mix_tally (const AtGarmentDef *garment, const char *const *sizes, size_t n, int *counts, int *unknown)
{
  memset (counts, 0, (size_t) garment->size_count * sizeof *counts);
  *unknown = 0;
  for (size_t i = 0; i < n; i++)
    {
      int k = at_garment_size_index (garment, sizes[i]);
      if (k >= 0)
        counts[k]++;
      else
        (*unknown)++;
    }
}

AtStatus
at_size_mix_from_store (AtStore *store, const AtGarmentDef *garment, int *counts, int *customers, AtError *err)
{
  memset (counts, 0, (size_t) garment->size_count * sizeof *counts);
  *customers = 0;
  size_t total = 0;
  AtStatus status = at_store_customer_find_name (store, "", NULL, 0, &total, err);
  if (status != AT_OK || total == 0)
    return status;
  AtCustomer *cs = malloc (total * sizeof *cs);
  if (!cs)
    return at_error_set (err, AT_ERR_NOMEM, "no memory for %zu customers", total);
  size_t got = 0;
  status = at_store_customer_find_name (store, "", cs, total, &got, err);
  for (size_t c = 0; c < got && c < total && status == AT_OK; c++)
    {
      AtFitting *f = NULL;
      size_t nf = 0;
      status = at_store_fittings_list (store, cs[c].id, &f, &nf, err);
      if (status != AT_OK)
        break;
      const AtFitting *latest = NULL;
      for (size_t k = 0; k < nf; k++)
        if (strcmp (f[k].garment, garment->id) == 0
            && (!latest || f[k].date > latest->date || (f[k].date == latest->date && f[k].id > latest->id)))
          latest = &f[k];
      int idx = latest ? at_garment_size_index (garment, latest->size) : -1;
      if (idx >= 0)
        {
          counts[idx]++;
          (*customers)++;
        }
      at_store_fittings_free (f, nf);
    }
  free (cs);
  return status;
}
