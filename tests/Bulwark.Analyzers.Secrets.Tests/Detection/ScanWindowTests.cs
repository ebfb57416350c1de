using Bulwark.Analyzers.Secrets.Detection;

namespace Bulwark.Analyzers.Secrets.Tests.Detection;

public sealed class ScanWindowTests
{
    [Fact]
    public void Windows_in_text_order_are_appended_apart_and_merged_when_they_overlap_or_touch()
    {
        var windows = new List<ScanWindow>();

        ScanWindow.Add(windows, new ScanWindow(0, 10, false, false));
        ScanWindow.Add(windows, new ScanWindow(20, 30, false, false));
        ScanWindow.Add(windows, new ScanWindow(30, 40, false, true));
        ScanWindow.Add(windows, new ScanWindow(35, 38, false, false));

        Assert.Equal([new ScanWindow(0, 10, false, false), new ScanWindow(20, 40, false, true)], windows);
    }

    [Fact]
    public void A_window_starting_before_the_last_one_is_merged_into_it_with_its_own_start()
    {
        var windows = new List<ScanWindow>();
        ScanWindow.Add(windows, new ScanWindow(0, 10, false, false));
        ScanWindow.Add(windows, new ScanWindow(50, 60, false, false));

        ScanWindow.Add(windows, new ScanWindow(45, 55, true, false));

        Assert.Equal([new ScanWindow(0, 10, false, false), new ScanWindow(45, 60, true, false)], windows);
    }

    /// <summary>
    /// Keyword hits in anchor order can give a window that reaches back over more than the last window (long lines cut
    /// to the radius): every window it reaches is merged in, so no region is scanned twice.
    /// </summary>
    [Fact]
    public void A_window_reaching_back_over_earlier_windows_merges_them_all()
    {
        var windows = new List<ScanWindow>();
        ScanWindow.Add(windows, new ScanWindow(0, 10, false, false));
        ScanWindow.Add(windows, new ScanWindow(100, 200, true, true));
        ScanWindow.Add(windows, new ScanWindow(300, 400, true, true));

        ScanWindow.Add(windows, new ScanWindow(150, 350, true, true));

        Assert.Equal([new ScanWindow(0, 10, false, false), new ScanWindow(100, 400, true, true)], windows);
        Assert.True(windows.Zip(windows.Skip(1)).All(pair => pair.First.End < pair.Second.Start));
    }
}
