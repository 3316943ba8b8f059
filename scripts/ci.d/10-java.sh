#!/usr/bin/env bash
# Java for the Spark tests (tests/test_spark.py): PySpark 4 runs on Java 17 or 21.
# Installs Debian's headless OpenJDK only when no `java` is on PATH, or the one there is older
# than 17; does nothing on a machine that has it (rasad/spark/job.py finds JAVA_HOME from PATH).
set -euo pipefail
java_major() {
  java -version 2>&1 | sed -n 's/.*version "\([0-9]*\)\(\.\([0-9]*\)\)\{0,1\}.*/\1 \3/p' | head -1 \
    | awk '{ print ($1 == 1 ? $2 : $1) }'
}
if command -v java >/dev/null 2>&1 && [ "$(java_major)" -ge 17 ] 2>/dev/null; then
  exit 0
fi
echo "ci: installing a Java runtime for Spark (Debian packages)"
export DEBIAN_FRONTEND=noninteractive
SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
for pkg in openjdk-17-jre-headless openjdk-21-jre-headless; do  # 17 on Debian 12, 21 on Debian 13
  if apt-cache show "$pkg" >/dev/null 2>&1; then
    $SUDO apt-get install -y -qq "$pkg" >/dev/null
    break
  fi
done
command -v java >/dev/null 2>&1 || { echo "ci: no Java runtime could be installed" >&2; exit 1; }
echo "ci: $(java -version 2>&1 | head -1)"
