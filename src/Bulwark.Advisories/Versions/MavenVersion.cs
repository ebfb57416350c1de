using System.Diagnostics.CodeAnalysis;
namespace Bulwark.Advisories.Versions;

/// <summary>
/// Maven's version order (the POM reference's "Version Order Specification", as implemented by
/// <c>ComparableVersion</c>): the text is cut into numbers and qualifiers at <c>.</c>, <c>-</c> and
/// digit/letter transitions; a hyphen or a transition opens a nested sub-list; trailing "null" items
/// (0, "", ga, final, release) are trimmed in every list; then lists compare item by item with
/// number &gt; sub-list &gt; qualifier at a mixed position, and known qualifiers in the order
/// alpha &lt; beta &lt; milestone &lt; rc = cr &lt; snapshot &lt; "" = ga = final = release &lt; sp &lt; unknown (alphabetical).
/// </summary>
internal sealed class MavenVersion : IComparable<MavenVersion>
{
    private static readonly string[] KnownQualifiers = ["alpha", "beta", "milestone", "rc", "snapshot", "", "sp"];

    private readonly Item _items;

    private MavenVersion(Item items) => _items = items;

    public static bool TryParse(string text, [NotNullWhen(true)] out MavenVersion? version)
    {
        version = null;
        var trimmed = text.Trim();
        if (trimmed.Length == 0)
        {
            return false;
        }

        foreach (var c in trimmed)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                return false;
            }
        }

        version = new MavenVersion(Parse(trimmed.ToLowerInvariant()));
        return true;
    }

    public int CompareTo(MavenVersion? other) => other is null ? 1 : _items.CompareTo(other._items);

    private static Item Parse(string text)
    {
        var root = new Item.SubList();
        var current = root;
        var lists = new Stack<Item.SubList>();
        lists.Push(root);
        var inDigits = false;
        var start = 0;

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '.' || c == '-')
            {
                current.Items.Add(i == start ? Item.Number.Zero : Token(text[start..i], inDigits, followedByDigit: false));
                start = i + 1;
                if (c == '-')
                {
                    current = OpenSubList(current, lists);
                }
            }
            else if (char.IsAsciiDigit(c))
            {
                if (!inDigits && i > start)
                {
                    // "alpha1": a qualifier directly followed by a number (so "a1" means alpha 1).
                    current.Items.Add(Token(text[start..i], isNumber: false, followedByDigit: true));
                    start = i;
                    current = OpenSubList(current, lists);
                }

                inDigits = true;
            }
            else
            {
                if (inDigits && i > start)
                {
                    current.Items.Add(Token(text[start..i], isNumber: true, followedByDigit: false));
                    start = i;
                    current = OpenSubList(current, lists);
                }

                inDigits = false;
            }
        }

        if (text.Length > start)
        {
            current.Items.Add(Token(text[start..], inDigits, followedByDigit: false));
        }

        // Innermost lists first, so an emptied sub-list is itself trimmed from its parent.
        while (lists.Count > 0)
        {
            lists.Pop().TrimTrailingNulls();
        }

        return root;
    }

    private static Item.SubList OpenSubList(Item.SubList parent, Stack<Item.SubList> lists)
    {
        var child = new Item.SubList();
        parent.Items.Add(child);
        lists.Push(child);
        return child;
    }

    private static Item Token(string token, bool isNumber, bool followedByDigit)
    {
        if (isNumber)
        {
            return new Item.Number(token.TrimStart('0'));
        }

        if (followedByDigit && token.Length == 1)
        {
            token = token switch { "a" => "alpha", "b" => "beta", "m" => "milestone", _ => token };
        }

        token = token switch { "ga" or "final" or "release" => "", "cr" => "rc", _ => token };
        return new Item.Qualifier(token);
    }

    private abstract class Item : IComparable<Item>
    {
        public abstract bool IsNull { get; }

        /// <summary>Compares with another item, or with "nothing" (<paramref name="other"/> null) when the other list is shorter.</summary>
        public abstract int CompareTo(Item? other);

        public sealed class Number(string digits) : Item
        {
            public static readonly Number Zero = new("");

            public string Digits { get; } = digits;

            public override bool IsNull => Digits.Length == 0;

            public override int CompareTo(Item? other) => other switch
            {
                null => IsNull ? 0 : 1,
                Number n => DigitRun.Compare(Digits, n.Digits),
                _ => 1, // a number outranks a qualifier and a sub-list
            };
        }

        public sealed class Qualifier(string value) : Item
        {
            public string Value { get; } = value;

            public override bool IsNull => Value.Length == 0;

            public override int CompareTo(Item? other) => other switch
            {
                null => Math.Sign(string.CompareOrdinal(Rank(Value), Rank(""))),
                Qualifier q => Math.Sign(string.CompareOrdinal(Rank(Value), Rank(q.Value))),
                _ => -1, // a qualifier ranks below a number and a sub-list
            };

            // Known qualifiers rank by position; unknown ones after all of them, alphabetically.
            private static string Rank(string qualifier)
            {
                var index = Array.IndexOf(KnownQualifiers, qualifier);
                return index >= 0 ? index.ToString(System.Globalization.CultureInfo.InvariantCulture) : KnownQualifiers.Length + "-" + qualifier;
            }
        }

        public sealed class SubList : Item
        {
            public List<Item> Items { get; } = [];

            public override bool IsNull => Items.Count == 0;

            public void TrimTrailingNulls()
            {
                for (var i = Items.Count - 1; i >= 0; i--)
                {
                    if (Items[i].IsNull)
                    {
                        Items.RemoveAt(i);
                    }
                    else if (Items[i] is not SubList)
                    {
                        break;
                    }
                }
            }

            public override int CompareTo(Item? other)
            {
                switch (other)
                {
                    case null:
                        foreach (var item in Items)
                        {
                            var order = item.CompareTo(null);
                            if (order != 0)
                            {
                                return order;
                            }
                        }

                        return 0;
                    case Number:
                        return -1;
                    case Qualifier:
                        return 1;
                    case SubList list:
                        for (var i = 0; i < Math.Max(Items.Count, list.Items.Count); i++)
                        {
                            var left = i < Items.Count ? Items[i] : null;
                            var right = i < list.Items.Count ? list.Items[i] : null;
                            var order = left is null ? (right is null ? 0 : -right.CompareTo(null)) : left.CompareTo(right);
                            if (order != 0)
                            {
                                return order;
                            }
                        }

                        return 0;
                    default:
                        return 0;
                }
            }
        }
    }
}

/// <summary>Maven: ComparableVersion order.</summary>
internal sealed class MavenScheme : VersionScheme<MavenVersion>
{
    public static readonly MavenScheme Instance = new();

    public override string Name => "Maven ComparableVersion";

    protected override bool TryRead(string text, [NotNullWhen(true)] out MavenVersion? version) => MavenVersion.TryParse(text, out version);
}
