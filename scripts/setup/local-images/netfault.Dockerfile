# The network fault helper: iptables and tc (iproute2) from Debian's packages on the same base.
# It runs joined to one backend's network namespace, with NET_ADMIN as its only capability.
ARG BASE
FROM ${BASE}
RUN (command -v iptables && command -v tc) >/dev/null 2>&1 || { \
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends iptables iproute2 >/dev/null \
      && apt-get clean && rm -rf /var/lib/apt/lists/*; }
CMD ["sleep", "infinity"]
