using Bulwark.Core;
using Bulwark.Core.Inventory;

namespace Bulwark.Analyzers.Dependencies.Graph;

/// <summary>How a component got into one lockfile, as <c>bulwark deps why</c> shows it.</summary>
/// <param name="Paths">Chains of component references, a direct dependency first and the component last, shortest first.</param>
/// <param name="Truncated">More paths exist than were asked for (or the search budget ran out).</param>
/// <param name="FileHasGraph">Whether the lockfile records who depends on whom at all; without it a transitive
/// component has no path to show.</param>
public sealed record IntroductionReport(Component Component, IReadOnlyList<DependencyPath> Paths, bool Truncated, bool FileHasGraph);

/// <summary>
/// Every path from a direct dependency down to one component over the <see cref="Component.DependsOn"/> edges
/// of the components of its lockfile ("introduced via a → b → c"). Paths are simple (no package twice), start
/// at a direct dependency and pass through no other direct dependency (that shorter path is listed on its own),
/// and come shortest first. Their number can grow exponentially with the depth of a graph (an npm tree has
/// thousands of ways to reach <c>ms</c>), so the caller sets how many it wants and the search has a work budget.
/// </summary>
public static class IntroductionPaths
{
    /// <summary>Node visits one <see cref="Find"/> may spend before it reports what it has as truncated.</summary>
    public const int SearchBudget = 2_000_000;

    /// <param name="lockfileComponents">The components of the lockfile <paramref name="component"/> comes from.</param>
    /// <param name="component">The component to explain; one of <paramref name="lockfileComponents"/>.</param>
    /// <param name="maxPaths">How many paths to return at most.</param>
    public static IntroductionReport Find(IReadOnlyList<Component> lockfileComponents, Component component, int maxPaths)
    {
        ArgumentNullException.ThrowIfNull(lockfileComponents);
        ArgumentNullException.ThrowIfNull(component);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxPaths);

        var graph = new ReverseGraph(lockfileComponents);
        if (!graph.TryIndex(component.Reference, out var target))
        {
            throw new ArgumentException($"{component.Reference} is not one of the lockfile's components", nameof(component));
        }

        var search = new Search(graph, target, maxPaths);
        search.Run();
        var paths = search.Found
            .Select(indices => new DependencyPath(indices.Select(i => lockfileComponents[i].Reference).ToEquatableArray()))
            .ToList();
        return new IntroductionReport(component, paths, search.Truncated, graph.HasEdges);
    }

    /// <summary>The lockfile's graph reversed (who depends on each component) and each component's distance from a direct one.</summary>
    private sealed class ReverseGraph
    {
        private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);

        public ReverseGraph(IReadOnlyList<Component> components)
        {
            Components = components;
            for (var i = 0; i < components.Count; i++)
            {
                _index.TryAdd(components[i].Reference, i);
            }

            var parents = new List<int>[components.Count];
            for (var i = 0; i < components.Count; i++)
            {
                foreach (var reference in components[i].DependsOn)
                {
                    if (_index.TryGetValue(reference, out var child) && child != i)
                    {
                        (parents[child] ??= []).Add(i);
                        HasEdges = true;
                    }
                }
            }

            // Ordered by reference so that which paths are shown, when there are more than asked for, never varies.
            Parents = [.. parents.Select(p => p is null ? [] : p.Distinct().OrderBy(i => components[i].Reference, StringComparer.Ordinal).ToArray())];
            Depth = ShortestFromDirect(components);
        }

        public IReadOnlyList<Component> Components { get; }

        public int[][] Parents { get; }

        /// <summary>Nodes on the shortest path from a direct dependency (1 for a direct one), 0 when none reaches it.</summary>
        public int[] Depth { get; }

        public bool HasEdges { get; }

        public bool TryIndex(string reference, out int index) => _index.TryGetValue(reference, out index);

        private int[] ShortestFromDirect(IReadOnlyList<Component> components)
        {
            var depth = new int[components.Count];
            var queue = new Queue<int>();
            for (var i = 0; i < components.Count; i++)
            {
                if (components[i].IsDirect)
                {
                    depth[i] = 1;
                    queue.Enqueue(i);
                }
            }

            while (queue.TryDequeue(out var node))
            {
                foreach (var reference in components[node].DependsOn)
                {
                    if (_index.TryGetValue(reference, out var child) && depth[child] == 0)
                    {
                        depth[child] = depth[node] + 1;
                        queue.Enqueue(child);
                    }
                }
            }

            return depth;
        }
    }

    /// <summary>
    /// Iterative deepening from the component up towards the direct dependencies: round L finds the paths of exactly
    /// L packages, pruning any branch whose shortest possible completion is longer (the distance from a direct
    /// dependency is a lower bound), so paths come out shortest first and each round costs little.
    /// </summary>
    private sealed class Search(ReverseGraph graph, int target, int maxPaths)
    {
        private readonly List<int> _path = [];
        private readonly HashSet<int> _onPath = [];
        private int _budget = SearchBudget;
        private bool _cutByLength;

        public List<int[]> Found { get; } = [];

        public bool Truncated { get; private set; }

        public void Run()
        {
            if (graph.Depth[target] == 0)
            {
                return; // Nothing direct leads here: left over in the lockfile, or a format without a graph.
            }

            for (var length = graph.Depth[target]; length <= graph.Components.Count; length++)
            {
                _cutByLength = false;
                _path.Clear();
                _onPath.Clear();
                if (!Visit(target, length) || !_cutByLength)
                {
                    return; // Enough found, budget spent, or no longer path can exist.
                }
            }
        }

        /// <summary>Extends the partial path (from <paramref name="node"/> down to the target); false to stop the search.</summary>
        private bool Visit(int node, int length)
        {
            if (--_budget < 0)
            {
                Truncated = true;
                return false;
            }

            _path.Add(node);
            _onPath.Add(node);
            try
            {
                var direct = graph.Components[node].IsDirect;
                if (direct && _path.Count == length)
                {
                    if (Found.Count == maxPaths)
                    {
                        Truncated = true;
                        return false;
                    }

                    Found.Add([.. Enumerable.Reverse(_path)]);
                }

                // A direct dependency starts a path; only the target itself may be direct and still be reached through others.
                if (direct && node != target)
                {
                    return true;
                }

                foreach (var parent in graph.Parents[node])
                {
                    var depth = graph.Depth[parent];
                    if (depth == 0 || _onPath.Contains(parent))
                    {
                        continue;
                    }

                    if (_path.Count + depth > length)
                    {
                        _cutByLength = true;
                        continue;
                    }

                    if (!Visit(parent, length))
                    {
                        return false;
                    }
                }

                return true;
            }
            finally
            {
                _path.RemoveAt(_path.Count - 1);
                _onPath.Remove(node);
            }
        }
    }
}
