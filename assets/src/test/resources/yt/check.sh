#!/bin/sh
# check.sh AUTOINSTALL_SH FILE...: yt, autoinstall.sh's reader of `ytool flat`, answers every
# question of type, get, bool, keys and len as ytool itself does: what it prints, its exit status
# and its error message. The questions: every path keys and len name, and paths written otherwise.
# What the variables do not hold yt leaves to ytool, so only the answers they hold are compared.
. "$1"
shift
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
asked=0 differ=0 left=0
ask() { # FILE PATH [walk]: the five questions of PATH; with walk, the paths below it go on the list
  for c in type get bool keys len; do
    asked=$((asked + 1))
    if yt_held "$c" "$1" "$2" 2>"$tmp/got"; then   # answered from the variables: as ytool answers?
      want=$(ytool "$c" "$1" "$2" 2>"$tmp/want"); wrc=$?
      if [ "$want|$wrc" != "$Y|$_yt_rc" ] || ! cmp -s "$tmp/want" "$tmp/got"; then
        differ=$((differ + 1))
        echo "ytool $c '$2': [$wrc] '$want' $(cat "$tmp/want"); yt: [$_yt_rc] '$Y' $(cat "$tmp/got")"
      fi
    else   # left to ytool itself: its answer by construction
      left=$((left + 1))
      [ "$3" = walk ] && { [ "$c" = keys ] || [ "$c" = len ]; } || continue
      want=$(ytool "$c" "$1" "$2" 2>/dev/null); wrc=$?
    fi
    [ "$wrc" = 0 ] && [ "$3" = walk ] || continue
    case "$c" in
      keys) _old_ifs=$IFS
            IFS='
'
            for k in $want; do
              case "$k" in *.*) ;; *) below "$2" "$k" ;; esac
            done
            IFS=$_old_ifs ;;
      len) i=0
           while [ "$i" -lt "$want" ]; do below "$2" "$i"; i=$((i + 1)); done ;;
    esac
  done
}
below() { # PATH KEY: PATH.KEY on the list, once
  if [ "$1" = . ]; then _b=$2; else _b=$1.$2; fi
  case "$seen" in *"|$_b|"*) return ;; esac
  seen="$seen|$_b|"
  echo "$_b" >> "$tmp/queue"
}
for f in "$@"; do
  yt_load "$f"
  for p in "" x autoinstall. .autoinstall autoinstall..version autoinstall.00 autoinstall.-0 "autoinstall.sp ace" \
      "autoinstall.*" autoinstall.01.01 autoinstall.01.-0 autoinstall.late-commands.00 autoinstall.identity.hostname.x \
      autoinstall.é 0 -0; do
    ask "$f" "$p"
  done
  echo . > "$tmp/queue"
  seen="|.|"
  while IFS= read -r p; do ask "$f" "$p" walk; done < "$tmp/queue"
done
echo "$asked questions, $left left to ytool, $differ answers differ"
[ "$differ" = 0 ]
