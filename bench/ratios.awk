# ratios.awk reads `benchstat -col /impl -format csv` output and prints, for every
# benchmark row and unit, the ratio of each implementation's median to the baseline's
# (and, when both are present, msgraph's to ours): the numbers BENCHMARKS.md quotes.
BEGIN { FS = "," }
/^,/ && $2 != "" && $3 == "" {           # header: ,baseline,,ours,,,,floor,,,
	delete col; n = 0
	for (i = 2; i <= NF; i++) if ($i != "") { col[$i] = i; names[++n] = $i }
	next
}
/^,/ { unit = $2; next }                   # units: ,sec/op,CI,sec/op,CI,vs base,P,...
NF > 2 && $1 != "geomean" && ("baseline" in col) {
	base = $(col["baseline"])
	for (k = 1; k <= n; k++) {
		name = names[k]
		v = $(col[name])
		if (name == "baseline" || v == "" || base == 0) continue
		printf "%-14s %-10s %-12s %s/baseline = %.2f\n", $1, unit, name, name, v / base
	}
	if (("ours" in col) && ("msgraph" in col) && $(col["ours"]) != "" && $(col["ours"]) > 0)
		printf "%-14s %-10s %-12s msgraph/ours = %.1f\n", $1, unit, "msgraph", $(col["msgraph"]) / $(col["ours"])
}
