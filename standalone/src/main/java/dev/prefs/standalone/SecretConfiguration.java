package dev.prefs.standalone;

import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The standalone process works out of the box: without PREFS_JWT_SECRET (PREFS_MASTER_KEY) it keeps a token secret
 * (a master key) in its data folder.
 */
@Configuration(proxyBeanMethods = false)
class SecretConfiguration {

    @Bean
    DataFolderJwtSecret dataFolderJwtSecret(@Value("${PREFS_DATA_DIR:./data}") String dataFolder) {
        return new DataFolderJwtSecret(Path.of(dataFolder));
    }

    /** Without PREFS_MASTER_KEY, the master key is a generated file in the data folder (back it up with it). */
    @Bean
    DataFolderMasterKey dataFolderMasterKey(@Value("${PREFS_DATA_DIR:./data}") String dataFolder) {
        return new DataFolderMasterKey(Path.of(dataFolder));
    }
}
