# BFS shortest paths and DFS topological sort
graph = {"a": ["b", "c"], "b": ["d"], "c": ["d", "e"], "d": ["f"], "e": ["f"], "f": []}
def bfs(start):
    dist = {start: 0}
    queue = [start]
    while queue:
        n = queue.pop(0)
        for m in graph[n]:
            if m not in dist:
                dist[m] = dist[n] + 1
                queue.append(m)
    return dist
print(bfs("a"))
def topo():
    seen, order = set(), []
    def visit(n):
        if n in seen:
            return
        seen.add(n)
        for m in graph[n]:
            visit(m)
        order.append(n)
    for n in graph:
        visit(n)
    return order[::-1]
print(topo())
def all_paths(a, b, path=()):
    path = path + (a,)
    if a == b:
        return [path]
    return [p for m in graph[a] for p in all_paths(m, b, path)]
print(all_paths("a", "f"))
