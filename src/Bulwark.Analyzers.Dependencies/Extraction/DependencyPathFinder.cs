using Bulwark.Core;
using Bulwark.Core.Inventory;

namespace Bulwark.Analyzers.Dependencies.Extraction;

/// <summary>
/// Computes "introduced via a → b → c": for each component, its shortest paths (up to a few) from a
/// direct dependency, over the DependsOn edges of the components of one source file. A multi-source
/// breadth-first walk where each component accepts at most <see cref="MaxPathsPerComponent"/> arrivals,
/// so the work is bounded by that many passes over the edges, and cycles are never followed.
/// </summary>
internal static class DependencyPathFinder
{
    public const int MaxPathsPerComponent = 3;

    public static IReadOnlyList<Component> Attach(IReadOnlyList<Component> components)
    {
        var byReference = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < components.Count; i++)
        {
            byReference.TryAdd(components[i].Reference, i);
        }

        var paths = new List<Step>?[components.Count];
        var queue = new Queue<Step>();
        foreach (var (component, index) in components.Select((c, i) => (c, i)).Where(p => p.c.IsDirect).OrderBy(p => p.c.Reference, StringComparer.Ordinal))
        {
            var step = new Step(index, null, 1);
            (paths[index] ??= []).Add(step);
            queue.Enqueue(step);
        }

        while (queue.TryDequeue(out var step))
        {
            foreach (var reference in components[step.Index].DependsOn)
            {
                if (!byReference.TryGetValue(reference, out var next) || components[next].IsDirect || step.Contains(next))
                {
                    continue;
                }

                var list = paths[next] ??= [];
                if (list.Count >= MaxPathsPerComponent)
                {
                    continue;
                }

                var arrival = new Step(next, step, step.Length + 1);
                list.Add(arrival);
                queue.Enqueue(arrival);
            }
        }

        var result = new Component[components.Count];
        for (var i = 0; i < components.Count; i++)
        {
            result[i] = paths[i] is { } found
                ? components[i] with { DependencyPaths = found.Select(s => new DependencyPath(s.Chain(components))).ToEquatableArray() }
                : components[i];
        }

        return result;
    }

    private sealed record Step(int Index, Step? Previous, int Length)
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
            var i = Length - 1;
            for (var s = this; s is not null; s = s.Previous)
            {
                chain[i--] = components[s.Index].Reference;
            }

            return chain;
        }
    }
}
