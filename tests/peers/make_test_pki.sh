#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Makes the certificates tst_tls needs, with Debian's openssl command, in DIR:
#   ca.pem                 the test CA (its key: ca.key)
#   server.pem/.key        127.0.0.1 and localhost, issued by the CA
#   client.pem/.key        a client certificate issued by the CA
#   other-ca.pem           a second CA that issued nothing the server holds
#   other-client.pem/.key  a client certificate issued by the other CA
#   expired.pem/.key       127.0.0.1, issued by the CA, valid only in 2020
#   server-rsa.pem/.key    as server.pem, with an RSA 4096 key (a full handshake's signature
#                          costs milliseconds: what resumption saves, too large for noise to hide)
set -eu
dir=$1
mkdir -p "$dir"
cd "$dir"
quiet() { "$@" >/dev/null 2>&1 || { echo "make_test_pki: failed: $*" >&2; "$@"; exit 1; }; }

for ca in ca other-ca; do
    quiet openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30 \
        -subj "/CN=Wirebench test $ca" -keyout "$ca.key" -out "$ca.pem" \
        -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign
done

cat > server.ext <<'EXT'
subjectAltName=IP:127.0.0.1,DNS:localhost
extendedKeyUsage=serverAuth
EXT
cat > client.ext <<'EXT'
extendedKeyUsage=clientAuth
EXT

issue() { # name issuer extfile subject [key type, options]
    name=$1 issuer=$2 ext=$3 subject=$4
    shift 4
    [ $# -gt 0 ] || set -- ec -pkeyopt ec_paramgen_curve:P-256
    quiet openssl req -new -newkey "$@" -nodes -subj "/CN=$subject" -keyout "$name.key" -out "$name.csr"
    quiet openssl x509 -req -in "$name.csr" -CA "$issuer.pem" -CAkey "$issuer.key" -CAcreateserial -days 30 \
        -extfile "$ext" -out "$name.pem"
}
issue server ca server.ext localhost
issue client ca client.ext "wirebench client"
issue other-client other-ca client.ext "stranger"
issue server-rsa ca server.ext localhost rsa:4096

# An expired certificate: `openssl ca` is the tool that takes explicit dates.
mkdir -p ca-db
: > ca-db/index.txt
echo 1000 > ca-db/serial
cat > ca.cnf <<'CNF'
[ ca ]
default_ca = test
[ test ]
database = ca-db/index.txt
serial = ca-db/serial
new_certs_dir = ca-db
default_md = sha256
policy = anything
copy_extensions = none
[ anything ]
commonName = supplied
CNF
quiet openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=localhost" \
    -keyout expired.key -out expired.csr
quiet openssl ca -batch -config ca.cnf -cert ca.pem -keyfile ca.key -in expired.csr -out expired.pem \
    -startdate 20200101000000Z -enddate 20201231000000Z -extfile server.ext -notext
