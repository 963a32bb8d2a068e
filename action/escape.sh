# Sourced by the Action's scripts: a workflow command's data escaped the way the runner unescapes
# it (%25 -> %, %0D -> CR, %0A -> LF), so a value holding a line break cannot end the command and
# forge another, and a value holding "%25" stays itself.
# shellcheck shell=bash
escape_data() {
  local s=$1
  s=${s//'%'/%25}
  s=${s//$'\r'/%0D}
  s=${s//$'\n'/%0A}
  printf '%s' "$s"
}
