using Bulwark.Core;
using Bulwark.Core.Inventory;

namespace Bulwark.Analyzers.Dependencies.Extraction;

/// <summary>
/// Computes "introduced via a → b → c": for each component, its shortest paths (up to a few) from a
/// direct dependency, over the DependsOn edges of the components of one source file. A multi-source
/// breadth-first walk where each component accepts at most <see cref="MaxPathsPerComponent"/> arrivals,
/// so the work is bounded by that many passes over the edges, and cycles are never followed. A component that one
/// of the build's own projects asks for (NuGet project references) also starts paths, after the chain of projects
/// that leads to it; since those starts are longer than one step, arrivals are taken shortest first.
/// Arrivals are queued only while a component has fewer than <see cref="MaxPathsPerComponent"/> of them (arrivals
/// are queued in order of length, so the first ones queued are the ones it would accept): the queue holds at most
/// that many per component however dense the graph, and no path grows beyond <see cref="DependencyPath.MaxSteps"/>.
/// </summary>
internal static class DependencyPathFinder
{
    public const int MaxPathsPerComponent = 3;

    public static IReadOnlyList<Component> Attach(IReadOnlyList<Component> components) => Attach(components, out _);

    /// <param name="queued">How many steps went through the queue (starts and arrivals), for tests of the bound.</param>
    internal static IReadOnlyList<Component> Attach(IReadOnlyList<Component> components, out long queued)
    {
        var byReference = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < components.Count; i++)
        {
            byReference.TryAdd(components[i].Reference, i);
        }

        var paths = new List<Step>?[components.Count];
        var arrivals = new byte[components.Count];
        var queue = new PriorityQueue<Step, (int Length, long Order)>();
        long order = 0;
        foreach (var (component, index) in components.Select((c, i) => (c, i)).Where(p => p.c.IsDirect || p.c.ProjectPaths.Count > 0).OrderBy(p => p.c.Reference, StringComparer.Ordinal))
        {
            var prefixes = component.IsDirect ? [null] : component.ProjectPaths.Take(MaxPathsPerComponent).Select(p => (DependencyPath?)p).ToArray();
            foreach (var prefix in prefixes)
            {
                var step = new Step(index, null, 1 + (prefix?.Steps.Count ?? 0), prefix);
                queue.Enqueue(step, (step.Length, order++));
            }
        }

        while (queue.TryDequeue(out var step, out _))
        {
            var list = paths[step.Index] ??= [];
            if (list.Count >= MaxPathsPerComponent || (step.Previous is not null && components[step.Index].IsDirect))
            {
                continue;
            }

            list.Add(step);
            if (step.Length >= DependencyPath.MaxSteps)
            {
                continue;
            }

            foreach (var reference in components[step.Index].DependsOn)
            {
                // Cheapest tests first: the walk back along the step (Contains) is the only one that is not constant.
                if (!byReference.TryGetValue(reference, out var next) || components[next].IsDirect
                    || arrivals[next] >= MaxPathsPerComponent || (paths[next] is not null && step.Contains(next)))
                {
                    continue;
                }

                arrivals[next]++;
                var arrival = new Step(next, step, step.Length + 1, step.Prefix);
                queue.Enqueue(arrival, (arrival.Length, order++));
            }
        }

        queued = order;

        var result = new Component[components.Count];
        for (var i = 0; i < components.Count; i++)
        {
            result[i] = paths[i] is { } found
                ? components[i] with { DependencyPaths = found.Select(s => new DependencyPath(s.Chain(components))).ToEquatableArray() }
                : components[i];
        }

        return result;
    }

    /// <param name="Prefix">The chain of projects before the first component, when the path starts at a project reference.</param>
    private sealed record Step(int Index, Step? Previous, int Length, DependencyPath? Prefix)
    {
        public bool Contains(int index)
        {
            for (var s = this; s is not null; s = s.Previous)
            {
                if (s.Index == index)
                {
                    return true;
                }
            }

            return false;
        }

        public EquatableArray<string> Chain(IReadOnlyList<Component> components)
        {
            var chain = new string[Length];
            Prefix?.Steps.AsImmutableArray().CopyTo(chain, 0);
            var i = Length - 1;
            for (var s = this; s is not null; s = s.Previous)
            {
                chain[i--] = components[s.Index].Reference;
            }

            return chain;
        }
    }
}
