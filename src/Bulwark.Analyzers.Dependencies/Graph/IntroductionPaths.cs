using Bulwark.Core;
using Bulwark.Core.Inventory;

namespace Bulwark.Analyzers.Dependencies.Graph;

/// <summary>How a component got into one lockfile, as <c>bulwark deps why</c> shows it.</summary>
/// <param name="Paths">Chains of component references, a direct dependency first and the component last, shortest first.</param>
/// <param name="Truncated">More paths exist than were asked for (or the search budget ran out).</param>
/// <param name="FileHasGraph">Whether the lockfile records who depends on whom at all; without it a transitive
/// component has no path to show.</param>
/// <param name="LongerPathsSkipped">Paths of more than <see cref="DependencyPath.MaxSteps"/> packages lead here and
/// were not followed (only a crafted or broken lockfile chains that many).</param>
public sealed record IntroductionReport(Component Component, IReadOnlyList<DependencyPath> Paths, bool Truncated, bool FileHasGraph, bool LongerPathsSkipped = false);

/// <summary>
/// Every path from a direct dependency down to one component over the <see cref="Component.DependsOn"/> edges
/// of the components of its lockfile ("introduced via a → b → c"). Paths are simple (no package twice), start
/// at a direct dependency and pass through no other direct dependency (that shorter path is listed on its own),
/// and come shortest first. A component one of the build's own projects asks for (NuGet project references,
/// <see cref="Component.ProjectPaths"/>) starts paths too, after the chain of projects that leads to it; those
/// components may still be passed through. Their number can grow exponentially with the depth of a graph (an npm tree has
/// thousands of ways to reach <c>ms</c>), so the caller sets how many it wants and the search has a work budget;
/// paths stop at <see cref="DependencyPath.MaxSteps"/> packages, which also bounds the depth of the recursion.
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
        return new IntroductionReport(component, search.Found, search.Truncated, graph.HasEdges, search.LongerPathsSkipped);
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

                HasEdges |= components[i].ProjectPaths.Count > 0;
                LongestProjectChain = Math.Max(LongestProjectChain, components[i].ProjectPaths.Select(p => p.Steps.Count).DefaultIfEmpty(0).Max());
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

        public int LongestProjectChain { get; }

        public bool TryIndex(string reference, out int index) => _index.TryGetValue(reference, out index);

        /// <summary>Shortest first from every start: a direct component is 1, one a project asks for 1 + its shortest project chain.</summary>
        private int[] ShortestFromDirect(IReadOnlyList<Component> components)
        {
            var depth = new int[components.Count];
            var queue = new PriorityQueue<int, int>();
            for (var i = 0; i < components.Count; i++)
            {
                if (components[i].IsDirect)
                {
                    queue.Enqueue(i, 1);
                }
                else if (components[i].ProjectPaths.Count > 0)
                {
                    queue.Enqueue(i, 1 + components[i].ProjectPaths.Min(p => p.Steps.Count));
                }
            }

            while (queue.TryDequeue(out var node, out var length))
            {
                if (depth[node] != 0)
                {
                    continue;
                }

                depth[node] = length;
                foreach (var reference in components[node].DependsOn)
                {
                    if (_index.TryGetValue(reference, out var child) && depth[child] == 0)
                    {
                        queue.Enqueue(child, length + 1);
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

        public List<DependencyPath> Found { get; } = [];

        public bool Truncated { get; private set; }

        public bool LongerPathsSkipped { get; private set; }

        public void Run()
        {
            if (graph.Depth[target] == 0)
            {
                return; // Nothing direct leads here: left over in the lockfile, or a format without a graph.
            }

            var longest = graph.Components.Count + graph.LongestProjectChain;
            for (var length = graph.Depth[target]; length <= longest; length++)
            {
                if (length > DependencyPath.MaxSteps)
                {
                    LongerPathsSkipped = true;
                    return;
                }

                _cutByLength = false;
                _path.Clear();
                _onPath.Clear();
                if (!Visit(target, length) || !_cutByLength)
                {
                    return; // Enough found, budget spent, or no longer path can exist.
                }
            }
        }

        /// <summary>Records the partial path, after a chain of projects, as found; false when that is one more than asked for.</summary>
        private bool Add(IEnumerable<string> projects)
        {
            if (Found.Count == maxPaths)
            {
                Truncated = true;
                return false;
            }

            Found.Add(new DependencyPath(projects.Concat(Enumerable.Reverse(_path).Select(i => graph.Components[i].Reference)).ToEquatableArray()));
            return true;
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
                var component = graph.Components[node];
                var direct = component.IsDirect;
                if (direct && _path.Count == length && !Add([]))
                {
                    return false;
                }

                if (!direct)
                {
                    foreach (var chain in component.ProjectPaths)
                    {
                        if (chain.Steps.Count + _path.Count > length)
                        {
                            _cutByLength = true;
                        }
                        else if (chain.Steps.Count + _path.Count == length && !Add(chain.Steps))
                        {
                            return false;
                        }
                    }
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
