package org.rectifier.examples;

import org.apache.spark.sql.SparkSession;

/** The local[2] session the examples' tests run on: no UI, the driver on the loopback address. */
final class LocalSpark {

  private LocalSpark() {}

  static SparkSession start(String appName) {
    return SparkSession.builder().master("local[2]").appName(appName)
        .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
        .getOrCreate();
  }
}
