#include <sqlite3.h>

// sqlite3_config is variadic, which Swift cannot call: this names the one setting crmpipe
// changes. Turning memory statistics off spares every allocation SQLite makes a global
// mutex (the Debian build keeps them on). Must run before the first connection opens.
static inline int crmpipe_sqlite3_disable_memstatus(void) {
  return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}
