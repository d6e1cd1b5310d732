#include "at-fabric-titles.h"

GtkStringList *
at_fabric_titles_new (char ***ids, int *count, AtError *err)
{
  GtkStringList *titles = gtk_string_list_new (NULL);
  *ids = NULL;
  *count = 0;
  if (at_fabric_list (ids, count, err) != AT_OK)
    return titles;
  for (int i = 0; i < *count; i++)
    {
      AtFabric fabric;
      gtk_string_list_append (titles, at_fabric_load ((*ids)[i], &fabric, NULL) == AT_OK ? fabric.title : (*ids)[i]);
    }
  return titles;
}
