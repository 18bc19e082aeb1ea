# Rebuilds the built-in corpus from the shared corpora (Apache-2.0 sets only, see NOTICE).
# Usage: python3 extract.py /path/to/shared/corpora
import json, sys, os
src = sys.argv[1]
def rows(p):
    with open(os.path.join(src, p), encoding="utf-8") as f:
        for line in f:
            if line.strip(): yield json.loads(line)
def cut(s, n): return s if len(s) <= n else s[:n]
with open("oasst.jsonl", "w", encoding="utf-8") as out:
    for o in rows("organic/oasst.jsonl"):
        turns = [{"role": t["role"], "content": cut(t["content"], 1500)} for t in o["turns"][:8]]
        out.write(json.dumps({"id": o["id"], "turns": turns}, ensure_ascii=False) + "\n")
seen = {}
with open("t0_templates.jsonl", "w", encoding="utf-8") as out:
    for o in rows("distill/self_instruct_t0_templates.jsonl"):
        t = o["template"]
        if len(o["prompt"]) > 1800 or seen.get(t, 0) >= 4: continue
        if len(seen) >= 80 and t not in seen: continue
        seen[t] = seen.get(t, 0) + 1
        out.write(json.dumps({"id": o["id"], "template": t, "prompt": o["prompt"], "response": o.get("response") or ""}, ensure_ascii=False) + "\n")
with open("codealpaca.jsonl", "w", encoding="utf-8") as out:
    for i, o in enumerate(rows("distill/codealpaca.jsonl")):
        if i % 11 != 0: continue
        out.write(json.dumps({"id": o["id"], "prompt": o["prompt"], "response": cut(o["response"], 1500)}, ensure_ascii=False) + "\n")
