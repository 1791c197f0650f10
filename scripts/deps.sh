#!/usr/bin/env bash
# scripts/deps.sh: installs what zfxxgk needs to build, run and test, on Debian 12.
# Debian packages through apt-get (when run as root; otherwise prints the exact line and stops),
# npm packages for the browser tests through npm ci in tests/e2e.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(
	build-essential pkg-config clang libclang-rt-14-dev clang-format
	libmicrohttpd-dev libsqlite3-dev sqlite3 libjansson-dev libxlsxwriter-dev libsodium-dev
	libpq-dev postgresql postgresql-contrib libutf8proc-dev libopencc-dev libopencc-data
	libzip-dev libxml2-dev libcurl4-openssl-dev
	curl ca-certificates chromium fonts-noto-cjk nodejs npm libxml2-utils python3
	wrk nginx-light strace
	libzip-dev libcairo2-dev libpango1.0-dev poppler-utils libxml2-dev
	libreoffice-writer-nogui libreoffice-calc-nogui libpoppler-glib-dev
	libgumbo-dev libvectorscan-dev zlib1g-dev libbrotli-dev
	libxapian-dev g++
)

missing=()
for p in "${PACKAGES[@]}"; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		# a package may be satisfied by a newer or differently packaged tool (node from nodesource)
		case $p in
		nodejs) command -v node >/dev/null && continue ;;
		npm) command -v npm >/dev/null && continue ;;
		python3) command -v python3 >/dev/null && continue ;;
		esac
		missing+=("$p")
	fi
done

if ((${#missing[@]})); then
	line="apt-get install -y --no-install-recommends ${missing[*]}"
	if [[ $(id -u) -ne 0 ]]; then
		echo "zfxxgk: 缺少以下 Debian 软件包，请以 root 身份运行：" >&2
		echo "  sudo apt-get update && sudo $line" >&2
		exit 1
	fi
	echo "zfxxgk: 正在安装缺少的软件包：${missing[*]}" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq || true
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

# npm packages for the browser tests (playwright-core drives Debian's /usr/bin/chromium).
if [[ -f tests/e2e/package.json ]]; then
	# Checked by a package inside, not the directory: an emptied node_modules must be refilled.
	if [[ ! -f tests/e2e/node_modules/playwright-core/package.json || tests/e2e/package-lock.json -nt tests/e2e/node_modules ]]; then
		echo "zfxxgk: 正在安装浏览器测试所需的 npm 包……" >&2
		(cd tests/e2e && npm ci --no-audit --no-fund --loglevel=error >&2)
		touch tests/e2e/node_modules
	fi
fi
