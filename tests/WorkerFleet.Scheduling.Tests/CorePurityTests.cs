using System.Xml.Linq;

namespace WorkerFleet.Scheduling.Tests;

/// <summary>The scheduling core references the base library only (STYLE.md habit 1).</summary>
public class CorePurityTests
{
    [Fact]
    public void SchedulingProject_HasNoPackageOrProjectReference()
    {
        var project = Path.Combine(FindRepositoryRoot(), "src", "WorkerFleet.Scheduling", "WorkerFleet.Scheduling.csproj");

        var references = XDocument.Load(project)
            .Descendants()
            .Where(element => element.Name.LocalName is "PackageReference" or "ProjectReference")
            .Select(element => element.ToString(SaveOptions.DisableFormatting))
            .ToList();

        Assert.True(references.Count == 0, $"{project} must reference nothing but the base library; found: {string.Join(", ", references)}");
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "WorkerFleet.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"no WorkerFleet.sln above {AppContext.BaseDirectory}");
    }
}
