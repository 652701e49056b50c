// The only C surface Raccoon uses from libselinux. Imported by SELinuxPolicy alone.
#ifndef RACCOON_CSELINUX_SHIM_H
#define RACCOON_CSELINUX_SHIM_H

#include <selinux/selinux.h>

#endif
