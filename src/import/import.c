#include "nianbao.h"
nb_status nb_import(const char *path, const nb_import_opts *o, char **yaml, nb_diags *d)
{
    *yaml = NULL;
    return NB_ERR_USAGE;
}
