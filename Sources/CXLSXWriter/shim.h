#ifndef PANELBRIEF_CXLSXWRITER_SHIM_H
#define PANELBRIEF_CXLSXWRITER_SHIM_H
#include <xlsxwriter.h>
#endif
