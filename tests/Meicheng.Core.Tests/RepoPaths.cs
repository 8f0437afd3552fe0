namespace Meicheng.Core.Tests;

/// <summary>Finds the repository's data folders and the shared/ folder beside it, from wherever the tests run.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Plans => Path.Combine(Root, "data", "plans");

    public static string Reference => Path.Combine(Root, "data", "reference");

    /// <summary>../shared beside the repository (seeds, data, standards).</summary>
    public static string Shared => Path.GetFullPath(Path.Combine(Root, "..", "shared"));

    private static string FindRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "Meicheng.slnx")))
                return d.FullName;
        }
        throw new InvalidOperationException("Meicheng.slnx not found above " + AppContext.BaseDirectory);
    }
}
