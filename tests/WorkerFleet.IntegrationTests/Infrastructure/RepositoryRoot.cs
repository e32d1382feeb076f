namespace WorkerFleet.IntegrationTests.Infrastructure;

/// <summary>The checkout the tests run from (the folder holding WorkerFleet.sln).</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "WorkerFleet.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("WorkerFleet.sln not found above " + AppContext.BaseDirectory);
    }
}
