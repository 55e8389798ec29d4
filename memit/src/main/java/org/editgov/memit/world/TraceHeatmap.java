package org.editgov.memit.world;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * The paper-style picture of a trace: one panel per restored state (residual after the block,
 * MLP output), token categories down, layers across, colour from white (no effect) to full
 * (the largest average indirect effect in the panel). Drawn with java.awt, headless.
 */
public final class TraceHeatmap {

    private static final int CELL = 44;
    private static final int LABEL = 190;
    private static final int TOP = 60;
    private static final int GAP = 50;

    private TraceHeatmap() {
    }

    public static void write(TraceReport report, Path png) throws IOException {
        System.setProperty("java.awt.headless", "true");
        int layers = report.layers();
        int rows = report.heatmap().categories().size();
        int panelWidth = Math.max(LABEL + layers * CELL + 20, 460);
        int width = 2 * panelWidth + GAP;
        int height = TOP + rows * CELL + 70;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        panel(g, 0, "Restoring the residual after block l", report.heatmap().residual(), report, new Color(102, 37, 160));
        panel(g, panelWidth + GAP, "Restoring the MLP output of block l", report.heatmap().mlp(), report,
                new Color(20, 120, 60));
        g.setColor(Color.DARK_GRAY);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString(String.format("%d facts known of %d traced; p(true) clean %.3f, corrupted %.3f; mediating: %s, layers %s",
                report.recordsKnown(), report.records(), report.cleanProbability(), report.corruptedProbability(),
                report.mediatingPosition(), java.util.Arrays.toString(report.mediatingLayers())), 10, height - 12);
        g.dispose();
        Path parent = png.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (!ImageIO.write(image, "png", png.toFile())) {
            throw new IOException("no PNG writer available for " + png);
        }
    }

    private static void panel(Graphics2D g, int x0, String title, double[][] values, TraceReport report, Color full) {
        double max = 1e-9;
        for (double[] row : values) {
            for (double v : row) {
                max = Math.max(max, v);
            }
        }
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.setColor(Color.BLACK);
        g.drawString(title, x0 + 10, 22);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString(String.format("average indirect effect on p(true object), max %.3f", max), x0 + 10, 42);
        for (int r = 0; r < values.length; r++) {
            int y = TOP + r * CELL;
            g.setColor(Color.BLACK);
            g.drawString(report.heatmap().categories().get(r), x0 + 10, y + CELL / 2 + 5);
            for (int l = 0; l < values[r].length; l++) {
                double t = Math.max(0, values[r][l]) / max;
                g.setColor(mix(Color.WHITE, full, t));
                int x = x0 + LABEL + l * CELL;
                g.fillRect(x, y, CELL, CELL);
                g.setColor(t > 0.6 ? Color.WHITE : Color.DARK_GRAY);
                g.drawString(String.format("%.2f", values[r][l]), x + 6, y + CELL / 2 + 5);
            }
        }
        g.setColor(Color.GRAY);
        g.setStroke(new BasicStroke(1));
        g.drawRect(x0 + LABEL, TOP, values[0].length * CELL, values.length * CELL);
        g.setColor(Color.BLACK);
        for (int l = 0; l < report.layers(); l++) {
            g.drawString(Integer.toString(l), x0 + LABEL + l * CELL + CELL / 2 - 4, TOP + values.length * CELL + 16);
        }
        g.drawString("layer", x0 + LABEL + report.layers() * CELL / 2 - 14, TOP + values.length * CELL + 32);
    }

    private static Color mix(Color a, Color b, double t) {
        return new Color(
                (int) Math.round(a.getRed() + (b.getRed() - a.getRed()) * t),
                (int) Math.round(a.getGreen() + (b.getGreen() - a.getGreen()) * t),
                (int) Math.round(a.getBlue() + (b.getBlue() - a.getBlue()) * t));
    }
}
