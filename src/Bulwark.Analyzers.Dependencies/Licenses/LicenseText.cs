using System.Text;

namespace Bulwark.Analyzers.Dependencies.Licenses;

/// <summary>
/// Names the licence a LICENSE/COPYING file holds, for package caches that keep the licence only as text (Go modules,
/// Cargo's <c>license-file</c>). Both sides are reduced to lower-case words (punctuation, markdown, comment marks and
/// line breaks dropped), then each licence is recognised by phrases its text always has — its title and version
/// line, or for the notice-style licences the operative sentences — and told apart from its relatives by the
/// clauses that make the difference (BSD's third and fourth clauses, MIT's conditions that MIT-0 lacks). A file whose
/// text matches no licence completely is not guessed at.
/// </summary>
internal static class LicenseText
{
    private sealed record Signature(string Id, string[] Required, string[] Forbidden);

    // Order matters only for reading: every signature is tried, and a file may hold several licences.
    private static readonly Signature[] Signatures =
    [
        new("Apache-2.0", ["apache license version 2 0 january 2004", "grant of copyright license"], []),
        // The short notice the Apache licence's appendix asks for, which some projects ship instead of the text.
        new("Apache-2.0", ["licensed under the apache license version 2 0 the license you may not use this file except in compliance with the license"], ["apache license version 2 0 january 2004"]),
        new("MPL-2.0", ["mozilla public license version 2 0", "covered software"], []),
        new("AGPL-3.0-only", ["gnu affero general public license version 3 19 november 2007"], []),
        new("GPL-3.0-only", ["gnu general public license version 3 29 june 2007", "the gnu general public license is a free copyleft license"], []),
        new("LGPL-3.0-only", ["gnu lesser general public license version 3 29 june 2007", "this version of the gnu lesser general public license incorporates"], []),
        new("GPL-2.0-only", ["gnu general public license version 2 june 1991", "the licenses for most software are designed to take away your freedom"], ["gnu lesser general public license version 2 1"]),
        new("LGPL-2.1-only", ["gnu lesser general public license version 2 1 february 1999"], []),
        new("Unlicense", ["this is free and unencumbered software released into the public domain", "anyone is free to copy modify publish use compile sell or distribute this software"], []),
        new("ISC", ["permission to use copy modify and or distribute this software for any purpose with or without fee is hereby granted provided that the above copyright notice and this permission notice appear in all copies"], []),
        new("0BSD", ["permission to use copy modify and or distribute this software for any purpose with or without fee is hereby granted"], ["provided that the above copyright notice"]),
        new("MIT", [
            "permission is hereby granted free of charge to any person obtaining a copy of this software",
            "the above copyright notice and this permission notice shall be included in all copies or substantial portions of the software",
        ], []),
        new("MIT-0", ["permission is hereby granted free of charge to any person obtaining a copy of this software", "to whom the software is furnished to do so"],
            ["the above copyright notice and this permission notice shall be included", "furnished to do so subject to the following conditions"]),
        new("BlueOak-1.0.0", ["blue oak model license", "version 1 0 0"], []),
        new("BSD-4-Clause", [
            "redistribution and use in source and binary forms with or without modification are permitted provided that the following conditions are met",
            "all advertising materials mentioning features or use of this software must display the following acknowledgement",
        ], []),
        new("BSD-3-Clause", [
            "redistribution and use in source and binary forms with or without modification are permitted provided that the following conditions are met",
            "redistributions of source code must retain the above copyright notice",
            "may be used to endorse or promote products derived from this software without specific prior written permission",
        ], ["all advertising materials mentioning features or use of this software"]),
        new("BSD-2-Clause", [
            "redistribution and use in source and binary forms with or without modification are permitted provided that the following conditions are met",
            "redistributions of source code must retain the above copyright notice",
            "redistributions in binary form must reproduce the above copyright notice",
        ], ["may be used to endorse or promote products derived from this software", "all advertising materials mentioning features or use of this software"]),
    ];

    /// <summary>File names (any case) that hold a package's licence text, as Go, Cargo and GitHub look for them.</summary>
    public static bool IsLicenseFileName(string fileName)
    {
        var name = fileName.ToUpperInvariant();
        if (name is "COPYING.LESSER" or "COPYING.LIB" or "COPYING.LGPL")
        {
            return true;
        }

        var dot = name.IndexOf('.', StringComparison.Ordinal);
        var stem = dot < 0 ? name : name[..dot];
        var extension = dot < 0 ? string.Empty : name[dot..];
        return extension is "" or ".TXT" or ".MD" or ".MARKDOWN" or ".RST"
            && (stem is "LICENSE" or "LICENCE" or "COPYING" or "UNLICENSE"
                || stem.StartsWith("LICENSE-", StringComparison.Ordinal) || stem.StartsWith("LICENCE-", StringComparison.Ordinal)
                || stem.StartsWith("LICENSE_", StringComparison.Ordinal) || stem.StartsWith("COPYING-", StringComparison.Ordinal));
    }

    /// <summary>The SPDX ids of the licences the text holds, in a stable order; empty when none is recognised.</summary>
    public static IReadOnlyList<string> Identify(string text)
    {
        var words = Words(text);
        return [.. Signatures
            .Where(s => s.Required.All(p => Has(words, p)) && !s.Forbidden.Any(p => Has(words, p)))
            .Select(s => s.Id)
            .Distinct(StringComparer.Ordinal)];
    }

    /// <summary>
    /// One licence for the texts of all of a package's licence files: several licences all apply (AND), except that
    /// the LGPL ships with the GPL it adds permissions to (COPYING and COPYING.LESSER), which makes it the LGPL.
    /// Null when none of the texts was recognised.
    /// </summary>
    public static string? Combine(IEnumerable<IReadOnlyList<string>> identified)
    {
        var ids = identified.SelectMany(i => i).Distinct(StringComparer.Ordinal).ToList();
        if (ids.Contains("LGPL-3.0-only"))
        {
            ids.Remove("GPL-3.0-only");
        }

        return ids.Count switch
        {
            0 => null,
            1 => ids[0],
            _ => string.Join(" AND ", ids),
        };
    }

    private static bool Has(string words, string phrase) => words.Contains(" " + phrase + " ", StringComparison.Ordinal);

    /// <summary>Lower-case words of letters and digits separated by single spaces, padded with a space on both sides.</summary>
    internal static string Words(string text)
    {
        var builder = new StringBuilder(text.Length + 2).Append(' ');
        var space = true;
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                builder.Append(char.ToLowerInvariant(c));
                space = false;
            }
            else if (c == '\'' || c == '\u2019')
            {
                // "licensor's" and "licensors" read the same.
            }
            else if (!space)
            {
                builder.Append(' ');
                space = true;
            }
        }

        if (!space)
        {
            builder.Append(' ');
        }

        return builder.ToString();
    }
}
