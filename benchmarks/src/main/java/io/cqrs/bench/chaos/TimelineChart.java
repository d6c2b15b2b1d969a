package io.cqrs.bench.chaos;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYIntervalSeries;
import org.jfree.data.xy.XYIntervalSeriesCollection;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import javax.imageio.ImageIO;

/**
 * The timeline of one run as a PNG (JFreeChart, headless): on one time axis (seconds), reads per
 * second by the server that answered (and failed reads), the slowest read per bucket, the replica's
 * lag as the router measured it and as the data showed it, and bands for the replica's routing
 * verdict and both breakers; every fault step is a vertical marker.
 */
final class TimelineChart {

    static final double BUCKET_MS = 250;
    private static final Color SOURCE = new Color(0x1f77b4);
    private static final Color REPLICA = new Color(0x2ca02c);
    private static final Color FAILED = new Color(0xd62728);

    private TimelineChart() {
    }

    /** Width of the picture, whatever the run's length: the whole run above, its first fault cycle in detail below. */
    static final int WIDTH = 1600;
    private static final int OVERVIEW_HEIGHT = 760;
    private static final int DETAIL_HEIGHT = 900;

    /** The series of one run, shared by the overview and the detail chart. */
    private record Series(XYSeriesCollection rates, XYSeriesCollection latency, XYSeriesCollection lag, List<Timeline.Sample> samples,
                          List<Timeline.Event> events) {
    }

    /**
     * Writes {@code png}, {@link #WIDTH} wide however long the run: a run of several cycles as the whole
     * run on top (every fault step a marker, unlabelled) and its first cycle below, from its steady phase
     * to its end, every step labelled; a run of one cycle as one labelled chart. (It was 20 px per second
     * wide before: 4,000 px for a 3-minute soak, its labels printed over each other.)
     */
    static void render(ChaosReport report, List<FaultSchedule.Cycle> cycles, Path png) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Series data = series(report);
        String verdict = String.format("invariants %s, latency targets %s", report.invariantsHold() ? "hold" : "VIOLATED",
                report.latencyTargetMisses().isEmpty() ? "met" : "missed");
        boolean oneCycle = cycles.size() <= 1; // the whole run is the detail: labelled, nothing below it
        JFreeChart overview = chart(String.format("Chaos run, %s — %d cycle(s), %s", report.flavor(), cycles.size(), verdict),
                data, oneCycle, null);
        int height = oneCycle ? DETAIL_HEIGHT : OVERVIEW_HEIGHT;
        JFreeChart detail = null;
        if (!oneCycle) {
            FaultSchedule.Cycle c = cycles.get(0);
            double from = Math.max(0, (c.hangStart() - 2500) / 1000);
            double to = (c.end() + 500) / 1000;
            detail = chart(String.format("Cycle #%d in detail (%.0f–%.0f s)", c.number(), from, to), data, true, new double[] {from, to});
            height += DETAIL_HEIGHT;
        }
        BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            overview.draw(g, new Rectangle(0, 0, WIDTH, oneCycle ? DETAIL_HEIGHT : OVERVIEW_HEIGHT));
            if (detail != null) {
                detail.draw(g, new Rectangle(0, OVERVIEW_HEIGHT, WIDTH, DETAIL_HEIGHT));
            }
        } finally {
            g.dispose();
        }
        Files.createDirectories(png.toAbsolutePath().getParent());
        ImageIO.write(image, "png", png.toFile());
    }

    private static Series series(ChaosReport report) {
        Timeline tl = report.timeline();
        List<Timeline.Read> reads = tl.reads();
        double endMs = reads.stream().mapToDouble(Timeline.Read::endMs).max().orElse(1);
        int buckets = (int) Math.ceil(endMs / BUCKET_MS) + 1;
        double[] onSource = new double[buckets];
        double[] onReplica = new double[buckets];
        double[] failed = new double[buckets];
        double[] slowest = new double[buckets];
        for (Timeline.Read r : reads) {
            int b = (int) (r.endMs() / BUCKET_MS);
            if (!r.ok()) {
                failed[b]++;
            } else if (r.serverId() == report.replicaServerId()) {
                onReplica[b]++;
            } else {
                onSource[b]++;
            }
            slowest[b] = Math.max(slowest[b], r.latencyMs());
        }
        double perSecond = 1000 / BUCKET_MS;
        XYSeriesCollection rates = new XYSeriesCollection();
        rates.addSeries(series("reads/s on the source", onSource, perSecond, false));
        rates.addSeries(series("reads/s on the replica", onReplica, perSecond, false));
        rates.addSeries(series("failed reads/s", failed, perSecond, false));
        XYSeriesCollection latency = new XYSeriesCollection();
        latency.addSeries(series("slowest read per " + (int) BUCKET_MS + " ms", slowest, 1, true));
        XYSeriesCollection lag = new XYSeriesCollection();
        XYSeries routerLag = new XYSeries("replica lag (router's probe), ms");
        XYSeries dataLag = new XYSeries("replica data lag (oldest acked write missing), ms");
        List<Timeline.Sample> samples = sorted(tl.samples());
        for (Timeline.Sample s : samples) {
            routerLag.add(s.atMs() / 1000, s.routerLagMs() < 0 ? null : (Number) s.routerLagMs());
            dataLag.add(s.atMs() / 1000, s.dataLagMs() < 0 ? null : (Number) s.dataLagMs());
        }
        lag.addSeries(routerLag);
        lag.addSeries(dataLag);
        return new Series(rates, latency, lag, samples, tl.events());
    }

    /** One chart of {@code data}: fault steps as markers, labelled when {@code labels}; {@code range} in seconds, or null for all. */
    private static JFreeChart chart(String title, Series data, boolean labels, double[] range) {
        XYPlot ratePlot = new XYPlot(data.rates(), null, new NumberAxis("reads/s"), stepRenderer(SOURCE, REPLICA, FAILED));
        LogAxis latencyAxis = new LogAxis("read ms (log)");
        latencyAxis.setSmallestValue(0.1);
        XYPlot latencyPlot = new XYPlot(data.latency(), null, latencyAxis, stepRenderer(Color.DARK_GRAY));
        XYPlot lagPlot = new XYPlot(data.lag(), null, new NumberAxis("lag ms"), stepRenderer(new Color(0x9467bd), new Color(0xff7f0e)));
        ValueMarker maxLag = new ValueMarker(ChaosRouter.MAX_LAG.toMillis(), Color.GRAY, new BasicStroke(1f, BasicStroke.CAP_BUTT,
                BasicStroke.JOIN_MITER, 1f, new float[] {4f, 4f}, 0f));
        maxLag.setLabel("max lag");
        maxLag.setLabelAnchor(RectangleAnchor.TOP_LEFT);
        maxLag.setLabelTextAnchor(TextAnchor.BOTTOM_LEFT);
        lagPlot.addRangeMarker(maxLag);
        XYPlot bandPlot = bands(data.samples());

        NumberAxis time = new NumberAxis("seconds since the run started");
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(time);
        plot.setGap(8);
        plot.add(ratePlot, 4);
        plot.add(latencyPlot, 2);
        plot.add(lagPlot, 2);
        plot.add(bandPlot, 2);
        if (range != null) {
            time.setRange(range[0], range[1]);
        }
        int k = 0;
        for (Timeline.Event e : data.events()) {
            double at = e.atMs() / 1000;
            if (range != null && (at < range[0] || at > range[1])) {
                continue;
            }
            for (XYPlot p : List.of(ratePlot, latencyPlot, lagPlot, bandPlot)) {
                ValueMarker m = new ValueMarker(at, markerColor(e.label()), new BasicStroke(1.2f));
                if (labels && p == ratePlot) {
                    m.setLabel(e.label().replaceFirst("^#\\d+ ", ""));
                    m.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
                    // alternate heights so that steps close together do not print over each other
                    m.setLabelAnchor(k % 2 == 0 ? RectangleAnchor.TOP_RIGHT : RectangleAnchor.RIGHT);
                    m.setLabelTextAnchor(TextAnchor.TOP_LEFT);
                    m.setLabelBackgroundColor(new Color(255, 255, 255, 200));
                }
                p.addDomainMarker(m);
            }
            k++;
        }
        JFreeChart chart = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 14), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    private static XYPlot bands(List<Timeline.Sample> samples) {
        String[] rows = {"source breaker", "replica breaker", "replica verdict"};
        Map<String, Color> colors = new LinkedHashMap<>();
        colors.put("ELIGIBLE", REPLICA);
        colors.put("CLOSED", REPLICA);
        colors.put("HALF_OPEN", new Color(0xbcbd22));
        colors.put("LAG_EXCLUDED", new Color(0xff7f0e));
        colors.put("OPEN", FAILED);
        colors.put("BREAKER_OPEN", FAILED);
        colors.put("DRAINING", Color.GRAY);
        colors.put("EXCLUDED", Color.GRAY);
        colors.put("?", Color.LIGHT_GRAY);
        Map<String, XYIntervalSeries> byState = new LinkedHashMap<>();
        List<Timeline.Sample> s = sorted(samples);
        List<Function<Timeline.Sample, String>> getters = List.of(Timeline.Sample::sourceBreaker, Timeline.Sample::replicaBreaker,
                Timeline.Sample::replicaVerdict);
        for (int row = 0; row < rows.length; row++) {
            Function<Timeline.Sample, String> get = getters.get(row);
            for (int i = 0; i < s.size(); i++) {
                double from = s.get(i).atMs() / 1000;
                double to = i + 1 < s.size() ? s.get(i + 1).atMs() / 1000 : from + Sampler.INTERVAL_MS / 1000.0;
                String state = get.apply(s.get(i));
                byState.computeIfAbsent(state, k -> new XYIntervalSeries(k)).add(from, from, to, row, row - 0.35, row + 0.35);
            }
        }
        XYIntervalSeriesCollection data = new XYIntervalSeriesCollection();
        XYBarRenderer renderer = new XYBarRenderer();
        renderer.setUseYInterval(true);
        renderer.setShadowVisible(false);
        renderer.setDrawBarOutline(false);
        renderer.setBarPainter(new org.jfree.chart.renderer.xy.StandardXYBarPainter());
        int i = 0;
        for (Map.Entry<String, XYIntervalSeries> e : byState.entrySet()) {
            data.addSeries(e.getValue());
            renderer.setSeriesPaint(i++, colors.getOrDefault(e.getKey(), Color.BLACK));
        }
        SymbolAxis axis = new SymbolAxis(null, rows);
        return new XYPlot(data, null, axis, renderer);
    }

    private static Color markerColor(String label) {
        return label.contains("SIGKILL") || label.contains("SIGSTOP") || label.contains("stopped") ? FAILED : Color.GRAY;
    }

    private static List<Timeline.Sample> sorted(List<Timeline.Sample> samples) {
        return samples.stream().sorted(Comparator.comparingDouble(Timeline.Sample::atMs)).toList();
    }

    private static XYSeries series(String name, double[] values, double scale, boolean nullForZero) {
        XYSeries s = new XYSeries(name);
        for (int i = 0; i < values.length; i++) {
            s.add(i * BUCKET_MS / 1000, nullForZero && values[i] == 0 ? null : (Number) (values[i] * scale));
        }
        return s;
    }

    private static XYStepRenderer stepRenderer(Color... colors) {
        XYStepRenderer r = new XYStepRenderer();
        for (int i = 0; i < colors.length; i++) {
            r.setSeriesPaint(i, colors[i]);
            r.setSeriesStroke(i, new BasicStroke(1.3f));
        }
        return r;
    }
}
